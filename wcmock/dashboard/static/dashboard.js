// wcmock dashboard: keeps the page's live regions current and sends the buttons and forms to the
// control API. Everything it shows is rendered by the server; without this script the page is a
// plain read-only report.
"use strict";

const POLL_MS = 1500;
document.documentElement.classList.remove("no-js");

// Re-read this very page and swap every region marked data-live whose content changed, keeping
// the requests and records the reader has opened open.
async function refresh() {
  const stamp = document.getElementById("updated");
  let response;
  try {
    response = await fetch(location.href, { cache: "no-store", headers: { accept: "text/html" } });
  } catch (error) {
    stamp.textContent = "server unreachable";
    return;
  }
  if (!response.ok) {
    stamp.textContent = `server answered ${response.status}`;
    return;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const old of document.querySelectorAll("[data-live]")) {
    const next = fresh.getElementById(old.id);
    if (!next) continue;
    const open = new Set([...old.querySelectorAll("details[open]")].map((d) => d.id));
    for (const details of next.querySelectorAll("details")) details.open = open.has(details.id);
    if (next.innerHTML !== old.innerHTML) old.replaceWith(document.adoptNode(next));
  }
  stamp.textContent = "updated " + new Date().toLocaleTimeString();
}

const live = document.getElementById("live");
live.checked = sessionStorage.getItem("wcmock-live") !== "off"; // paused stays paused from tab to tab
live.addEventListener("change", () => sessionStorage.setItem("wcmock-live", live.checked ? "on" : "off"));

async function poll() {
  if (live.checked && !document.hidden) await refresh();
  setTimeout(poll, POLL_MS);
}

// A control API call (relative URL: this store's /__wcmock__/…); a refused one shows its message.
async function call(method, url, body, output) {
  const init = { method, headers: { "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(url, init);
  const data = await response.json().catch(() => null);
  if (output) output.textContent = response.ok ? "done" : (data && data.message) || `failed (${response.status})`;
  if (output) output.className = response.ok ? "ok" : "error";
  await refresh();
  return response.ok;
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-call]");
  if (!button) return;
  event.preventDefault();
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
  const body = button.dataset.body ? JSON.parse(button.dataset.body) : undefined;
  await call(button.dataset.method || "POST", button.dataset.call, body);
});

// Forms with data-call post their filled-in fields as JSON; "{name}" in the URL takes the name field.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-call]");
  if (!form) return;
  event.preventDefault();
  const body = {};
  let url = form.dataset.call;
  for (const [key, value] of new FormData(form)) {
    if (value === "") continue;
    if (url.includes(`{${key}}`)) {
      url = url.replace(`{${key}}`, encodeURIComponent(value));
      continue;
    }
    body[key] = form.elements[key].type === "number" ? Number(value) : value;
  }
  if (await call(form.dataset.method || "POST", url, body, form.querySelector("output"))) form.reset();
});

setTimeout(poll, POLL_MS);
