// The one stylesheet, inlined in every page (no external request); CSP allows it by its hash.
// The site title's box is as tall as the search controls beside it: the header keeps its height
// when a slow parse paints the title before the search form (a layout shift Chromium counted).

export const STYLES = `
:root{color-scheme:light dark;--fg:#1a1a1a;--muted:#595959;--bg:#fdfdfc;--link:#0b57b0;--rule:#d8d8d8}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--muted:#a8a6a2;--bg:#151515;--link:#8ab4f8;--rule:#3a3a3a}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.6 Georgia,"Iowan Old Style","Times New Roman",serif;overflow-wrap:break-word}
a{color:var(--link)}
.preview{color:var(--fg);background:var(--rule);padding:0 .3em}
.correction{border-left:3px solid var(--link);padding-left:.75rem}
a:focus-visible{outline:2px solid var(--link);outline-offset:2px}
.wrap{max-width:38rem;margin:0 auto;padding:1rem 1.25rem 3rem}
.site{font:600 1rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;border-bottom:1px solid var(--rule);padding-bottom:.75rem;margin-bottom:1.5rem}
.site a{color:inherit;text-decoration:none}
.site>a{padding:calc(.25rem + 1px) 0}
.site{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
.search{display:flex;gap:.4rem;flex:1 1 12rem;max-width:20rem}
.search input{flex:1;min-width:0;font:inherit;font-weight:400;padding:.25rem .4rem;border:1px solid var(--muted);background:var(--bg);color:var(--fg)}
.search button{font:inherit;padding:.25rem .6rem;border:1px solid var(--muted);background:var(--rule);color:var(--fg)}
mark{background:#fde68a;color:#1a1a1a}
h1{font-size:clamp(1.6rem,5vw,2.2rem);line-height:1.2;margin:0 0 .5rem}
h2{font-size:1.3rem;line-height:1.3;margin:0 0 .25rem}
.meta,.note,footer,nav{font:.9rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--muted)}
.stories{list-style:none;padding:0;margin:0}
.stories li{padding:1rem 0;border-bottom:1px solid var(--rule)}
.stories p{margin:.25rem 0 0}
nav ul,footer ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem}
footer{border-top:1px solid var(--rule);margin-top:2.5rem;padding-top:1rem}
footer h2{font-size:1rem;margin:0 0 .25rem;color:var(--fg)}
figure{margin:1.5rem 0}
img{max-width:100%;height:auto;display:block}
figcaption,.table-wrap{font:.9rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
figcaption{color:var(--muted);margin-top:.4rem}
.credit{font-style:italic}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--rule)}
pre,.table-wrap{overflow-x:auto}
pre{padding:.75rem;background:var(--rule)}
table{border-collapse:collapse}.align-left{text-align:left}.align-center{text-align:center}.align-right{text-align:right}
th,td{border:1px solid var(--rule);padding:.25rem .5rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media print{:root{--fg:#000;--bg:#fff;--link:#000}body{font-size:11pt}.site,nav,footer{display:none}a{text-decoration:none}}
`.trim();
