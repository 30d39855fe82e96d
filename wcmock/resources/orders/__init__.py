"""Orders, their notes and refunds, and the numbers a customer's orders decide (issue 14)."""
