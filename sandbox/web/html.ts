export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    const rendered = Array.isArray(v) ? v.map((x) => (x instanceof Html ? x.value : escapeHtml(String(x)))).join('') : v instanceof Html ? v.value : v === undefined || v === null || v === false ? '' : escapeHtml(String(v));
    out += rendered + strings[i + 1];
  });
  return new Html(out);
}

const STYLE = `
  :root { color-scheme: light; --ink:#1d2330; --muted:#5b6475; --line:#d9dee7; --accent:#c8102e; --ok:#1a7f37; --bg:#f6f7f9; }
  * { box-sizing: border-box; }
  body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
  header { background:#fff; border-bottom:1px solid var(--line); padding:.75rem 1.5rem; display:flex; gap:1rem; align-items:baseline; }
  header .brand { font-weight:700; color:var(--accent); text-decoration:none; }
  header .note { color:var(--muted); font-size:.875rem; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  h1 { font-size:1.6rem; margin:.25rem 0 1rem; }
  h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
  .card { background:#fff; border:1px solid var(--line); border-radius:.5rem; padding:1rem 1.25rem; margin-bottom:1rem; }
  table { width:100%; border-collapse:collapse; }
  th, td { text-align:left; padding:.4rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
  th { font-size:.8rem; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); }
  .status { display:inline-block; padding:.05rem .5rem; border-radius:1rem; font-size:.8rem; font-weight:600; background:#eef1f5; }
  .status.SIGNED, .status.COMPLETED_SUCCESSFULLY { background:#dcf3e2; color:var(--ok); }
  .status.REJECTED, .status.FAILED, .status.EXPIRED, .status.CANCELLED { background:#fbe0e3; color:#9b0d22; }
  iframe.document { width:100%; height:32rem; border:1px solid var(--line); border-radius:.25rem; background:#fff; }
  .actions { display:flex; gap:.75rem; align-items:center; margin-top:1rem; flex-wrap:wrap; }
  button { font:inherit; padding:.55rem 1.4rem; border-radius:.35rem; border:1px solid transparent; cursor:pointer; }
  button.sign { background:var(--ok); color:#fff; }
  button.reject { background:#fff; color:#9b0d22; border-color:#9b0d22; }
  button:focus-visible, a:focus-visible { outline:3px solid #2463eb; outline-offset:2px; }
  .message { padding:.75rem 1rem; border-radius:.35rem; background:#e8f0fe; margin-bottom:1rem; }
  .muted { color:var(--muted); }
  label { font-weight:600; }
`;

export function page(title: string, body: Html): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Posten signering sandbox</title><style>${STYLE}</style></head>
<body>
<header><a class="brand" href="/web">Posten signering sandbox</a><span class="note">Test service – signatures made here have no legal value.</span></header>
<main>${body.value}</main>
</body>
</html>`;
}
