namespace Kinko.Server.Reference;

/// <summary>The reference page's style sheet, inline in the page (system fonts only: nothing is fetched).</summary>
public static class ReferenceStyle
{
    public const string Css = """
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2433;background:#fafbfc;display:grid;grid-template-columns:minmax(16rem,22rem) 1fr}
        header{grid-column:1/3;padding:1rem 2rem;background:#1d2433;color:#fff}header a{color:#9cc8ff}header h1{margin:0 0 .25rem}
        nav{padding:1rem;border-right:1px solid #dde2ea;font-size:13px;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
        nav ul{list-style:none;padding:0;margin:0 0 1rem}nav li{margin:.2rem 0}nav a{text-decoration:none;color:inherit}nav h3{margin:.75rem 0 .25rem}
        main{padding:1rem 2rem;max-width:70rem}section>h2{border-bottom:2px solid #dde2ea;padding-bottom:.25rem;margin-top:2rem}
        article{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:.5rem 1.25rem 1rem;margin:1rem 0}
        article h3{font-size:17px}.summary{font-weight:600}
        code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:13px}
        pre{background:#f3f5f8;padding:.6rem;border-radius:4px;overflow:auto;white-space:pre-wrap;word-break:break-all}
        .m{display:inline-block;min-width:3.6rem;text-align:center;border-radius:3px;color:#fff;font:700 12px/1.7 ui-monospace,monospace}
        .get{background:#2f7d32}.post{background:#1f5fbf}.delete{background:#b3261e}.put,.patch{background:#8a5a00}
        dl{display:grid;grid-template-columns:7rem 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
        table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #dde2ea;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f5f8}.values{color:#556}.response.error pre{background:#fbf1f0}.response p{margin:.5rem 0 .2rem}
        @media (max-width:800px){body{display:block}nav{position:static;max-height:none;border:0}}
        """;
}
