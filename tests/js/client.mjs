// WooCommerce's official JavaScript client against a wcmock store (run by tests/test_js_client.py).
//
// Environment: WC_URL (site URL), WC_KEY, WC_SECRET; WC_QUERY_STRING_AUTH=1 to send the keys in the
// query string over HTTPS; WC_SEARCH (a term with a space and non-ASCII characters) and WC_SEARCH_IDS
// (the ids it must find, comma-separated). WC_EXPECT=401 instead checks that the first request is
// refused with 401 and prints its code and message. Over http:// the client signs with OAuth 1.0a,
// over https:// it sends HTTP Basic (or query-string keys). Exits non-zero on any failure.

import assert from "node:assert/strict";

import wc from "@woocommerce/woocommerce-rest-api";

const WooCommerceRestApi = wc.default ?? wc;

const env = process.env;
const api = new WooCommerceRestApi({
  url: env.WC_URL,
  consumerKey: env.WC_KEY,
  consumerSecret: env.WC_SECRET,
  version: "wc/v3",
  queryStringAuth: env.WC_QUERY_STRING_AUTH === "1",
  timeout: 10000,
});

async function call(what, promise, status) {
  let response;
  try {
    response = await promise;
  } catch (error) {
    if (!error.response) throw error;
    response = error.response;
  }
  assert.equal(response.status, status, `${what}: ${response.status} ${JSON.stringify(response.data)}`);
  return response;
}

async function expectRefusal() {
  const response = await call("list with bad credentials", api.get("customers"), 401);
  console.log(JSON.stringify({ code: response.data.code, message: response.data.message }));
}

async function crud() {
  const created = await call(
    "create",
    api.post("customers", { email: "ana.souza@example.com", first_name: "Ana", last_name: "Souza" }),
    201,
  );
  const id = created.data.id;
  assert.equal(created.data.email, "ana.souza@example.com");

  const read = await call("read", api.get(`customers/${id}`), 200);
  assert.equal(read.data.first_name, "Ana");

  const wanted = env.WC_SEARCH_IDS.split(",").map(Number);
  const listed = await call("list", api.get("customers", { search: env.WC_SEARCH, orderby: "id", per_page: 5 }), 200);
  assert.deepEqual(listed.data.map((c) => c.id), wanted);
  assert.equal(listed.headers["x-wp-total"], String(wanted.length));

  const everyone = await call("list all", api.get("customers", { role: "all", orderby: "id", order: "desc" }), 200);
  assert.equal(everyone.data[0].id, id);

  const updated = await call(
    "update",
    api.put(`customers/${id}`, { billing: { city: "São Paulo", email: "ana.souza@example.com" } }),
    200,
  );
  assert.equal(updated.data.billing.city, "São Paulo");

  const batch = await call(
    "batch",
    api.post("customers/batch", {
      create: [{ email: "bia@example.com" }],
      update: [{ id, last_name: "Lima" }],
      delete: [id],
    }),
    200,
  );
  assert.equal(batch.data.create[0].email, "bia@example.com");
  assert.equal(batch.data.update[0].last_name, "Lima");
  assert.equal(batch.data.delete[0].id, id);
  const bia = batch.data.create[0].id;

  const deleted = await call("delete", api.delete(`customers/${bia}`, { force: true }), 200);
  assert.equal(deleted.data.id, bia);
  const gone = await call("read deleted", api.get(`customers/${bia}`), 404);
  assert.equal(gone.data.code, "wc_user_invalid_id");
  console.log(JSON.stringify({ ok: true, created: id, batch_created: bia }));
}

try {
  await (env.WC_EXPECT === "401" ? expectRefusal() : crud());
} catch (error) {
  console.error(error?.stack ?? error);
  process.exit(1);
}
