/** What `/` answers when the console has not been built: what is missing and how to fix it. */
export function notBuiltPage(dir: string): string {
  const escaped = dir.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Berth — console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The Berth web console is not built</h1>
<p>The API is running, but there is no console to show: <code>${escaped}/index.html</code> does not exist.</p>
<p>Build it from the repository root, then reload this page:</p>
<pre>npm run build</pre>
<p>(or set <code>BERTH_CONSOLE_DIR</code> to a folder holding a built console). The API reference is at <a href="/api/docs">/api/docs</a>.</p>
<hr>
<h1 lang="zh-CN">Berth 控制台尚未构建</h1>
<p lang="zh-CN">API 已在运行，但找不到控制台文件。请在仓库根目录运行 <code>npm run build</code>，然后刷新本页。</p>
</body>
</html>
`;
}
