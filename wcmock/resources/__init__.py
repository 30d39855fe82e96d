"""Route tables and thin handlers, one module per WooCommerce resource."""
