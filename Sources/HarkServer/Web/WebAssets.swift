import Foundation

/// The static files of the web inbox, compiled in so the daemon serves them without a file system.
public enum WebAssets {
    /// The stylesheet of the inbox page, served at `/static/hark.css`.
    ///
    /// A system font stack and no URLs of any kind, so the page loads nothing from elsewhere. Colours
    /// meet WCAG AA contrast (4.5:1 for text); every focusable element shows a `:focus-visible`
    /// outline. Classes the page uses: `skip-link`, `site-header`, `filters` (a wrapping row of
    /// `label` + control pairs), `mentions` (the table; rows may have `overdue`), `sev` with
    /// `sev-very_dissatisfied`, `sev-dissatisfied` or `sev-none` (the severity badge), `overdue-flag`,
    /// `chart`, `pager`, `notice` and `error` (messages), `login`, `detail`, `meta` and
    /// `visually-hidden`. Below 640 px the table turns into one card per row (cells carry
    /// `data-label`s); the print style drops navigation and forms.
    public static let css: String = #"""
        :root {
          --text: #1a1a1a;
          --muted: #555555;
          --bg: #ffffff;
          --panel: #f4f5f7;
          --line: #c8ccd2;
          --link: #0a4fbf;
          --focus: #b45309;
          --danger: #a3211a;
          --danger-bg: #fdecea;
        }
        *, *::before, *::after { box-sizing: border-box; }
        html { font-size: 100%; -webkit-text-size-adjust: 100%; }
        body {
          margin: 0;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          font-size: 1rem;
          line-height: 1.5;
          color: var(--text);
          background: var(--bg);
        }
        a { color: var(--link); text-underline-offset: 0.15em; }
        a:hover { text-decoration-thickness: 2px; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        h1, h2, h3 { line-height: 1.25; margin: 1.25rem 0 0.5rem; }
        h1 { font-size: 1.5rem; }
        h2 { font-size: 1.2rem; }
        h3 { font-size: 1rem; }
        .skip-link {
          position: absolute;
          left: 0.5rem;
          top: -3rem;
          z-index: 10;
          padding: 0.5rem 1rem;
          background: var(--text);
          color: #ffffff;
          border-radius: 0 0 4px 4px;
        }
        .skip-link:focus { top: 0; }
        .visually-hidden {
          position: absolute !important;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
        .site-header {
          display: flex;
          flex-wrap: wrap;
          align-items: center;
          justify-content: space-between;
          gap: 0.5rem 1rem;
          padding: 0.75rem 1rem;
          border-bottom: 1px solid var(--line);
          background: var(--panel);
        }
        .site-header h1 { margin: 0; font-size: 1.25rem; }
        .site-header form { margin: 0; }
        main { max-width: 80rem; margin: 0 auto; padding: 0 1rem 2rem; }
        .meta { color: var(--muted); font-size: 0.875rem; }
        button, input, select, textarea { font: inherit; color: inherit; }
        input, select, textarea {
          min-height: 2.25rem;
          padding: 0.25rem 0.5rem;
          border: 1px solid #767676;
          border-radius: 4px;
          background: #ffffff;
          max-width: 100%;
        }
        textarea { width: 100%; min-height: 5rem; }
        button {
          min-height: 2.25rem;
          padding: 0.25rem 0.9rem;
          border: 1px solid var(--link);
          border-radius: 4px;
          background: var(--link);
          color: #ffffff;
          cursor: pointer;
        }
        button.secondary { background: #ffffff; color: var(--link); }
        .filters {
          display: flex;
          flex-wrap: wrap;
          align-items: flex-end;
          gap: 0.75rem 1rem;
          margin: 1rem 0;
          padding: 0.75rem 1rem;
          background: var(--panel);
          border: 1px solid var(--line);
          border-radius: 6px;
        }
        .filters label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.875rem; }
        .filters label.check { flex-direction: row; align-items: center; min-height: 2.25rem; }
        .filters input[type="search"] { min-width: 12rem; }
        .notice, .error { padding: 0.75rem 1rem; border-radius: 6px; margin: 1rem 0; }
        .notice { background: #e8f1fd; border: 1px solid #8fb3ea; }
        .error { background: var(--danger-bg); border: 1px solid var(--danger); color: var(--danger); }
        .chart { margin: 1rem 0; max-width: 100%; overflow-x: auto; }
        .chart svg { display: block; max-width: 100%; height: auto; }
        .mentions { width: 100%; border-collapse: collapse; margin: 1rem 0; }
        .mentions caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
        .mentions th, .mentions td {
          padding: 0.5rem;
          border-bottom: 1px solid var(--line);
          text-align: left;
          vertical-align: top;
        }
        .mentions th { background: var(--panel); font-size: 0.875rem; white-space: nowrap; }
        .mentions tbody tr:hover { background: #f8f9fb; }
        .mentions td.text { overflow-wrap: anywhere; }
        .mentions tr.overdue { background: var(--danger-bg); box-shadow: inset 4px 0 0 var(--danger); }
        .overdue-flag { color: var(--danger); font-weight: 600; white-space: nowrap; }
        .sev {
          display: inline-block;
          padding: 0.1rem 0.5rem;
          border-radius: 999px;
          border: 1px solid transparent;
          font-size: 0.8125rem;
          font-weight: 600;
          white-space: nowrap;
        }
        .sev-very_dissatisfied { background: #a3211a; color: #ffffff; }
        .sev-dissatisfied { background: #fff3c4; color: #5c4300; border-color: #c9a227; }
        .sev-none { background: #e9ebee; color: #3d4248; border-color: #b8bec6; }
        .pager { display: flex; justify-content: flex-end; gap: 1rem; margin: 1rem 0; }
        .detail { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1.5rem; }
        .detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
        .detail dt { color: var(--muted); }
        .detail dd { margin: 0; overflow-wrap: anywhere; }
        .detail blockquote {
          margin: 0;
          padding: 0.75rem 1rem;
          border-left: 4px solid var(--line);
          background: var(--panel);
          white-space: pre-wrap;
          overflow-wrap: anywhere;
        }
        .detail form { margin: 0.75rem 0; }
        .login { max-width: 24rem; margin: 4rem auto; padding: 1.5rem; border: 1px solid var(--line); }
        .login label { display: block; margin-bottom: 0.25rem; }
        .login input { width: 100%; margin-bottom: 1rem; }
        @media (max-width: 640px) {
          main { padding: 0 0.75rem 1.5rem; }
          .filters { padding: 0.75rem; }
          .filters label, .filters input[type="search"], .filters select { width: 100%; min-width: 0; }
          .mentions thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
          .mentions, .mentions tbody, .mentions tr, .mentions td { display: block; width: 100%; }
          .mentions tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: 0.75rem; }
          .mentions td { border-bottom: 0; padding: 0.35rem 0.75rem; }
          .mentions td[data-label]::before {
            content: attr(data-label);
            display: block;
            color: var(--muted);
            font-size: 0.8125rem;
          }
          .detail { grid-template-columns: minmax(0, 1fr); }
          .detail dl { grid-template-columns: minmax(0, 1fr); }
        }
        .site-nav a { margin-right: 0.75rem; }
        .issues, .alarms { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        .issues th, .issues td, .alarms th, .alarms td { border-bottom: 1px solid #d0d4d9; padding: 0.375rem 0.5rem; text-align: left; }
        .trend { border-radius: 0.25rem; padding: 0 0.375rem; border: 1px solid #b8bec6; }
        .trend-spike { background: #a3211a; color: #ffffff; }
        .trend-rising { background: #fff3c4; color: #5c4300; border-color: #c9a227; }
        .trend-flat { background: #e9ebee; color: #3d4248; }
        .estimate { font-style: italic; }
        .note { color: #3d4248; font-size: 0.875rem; }
        .report-counts { display: flex; gap: 1.5rem; list-style: none; padding: 0; }
        @media print {
          body { font-size: 11pt; color: #000000; background: #ffffff; }
          .skip-link, .site-header form, .site-nav, .screen-only, .filters, .pager, .detail form, button { display: none !important; }
          .trend { border: 1px solid #000000; background: none; color: #000000; }
          .report section, figure { break-inside: avoid; }
          .site-header { background: none; border-bottom: 1px solid #000000; }
          .mentions th { background: none; }
          .mentions tr { break-inside: avoid; }
          .mentions tr.overdue { background: none; box-shadow: none; border-left: 3px solid #000000; }
          .sev { border: 1px solid #000000; background: none; color: #000000; }
          a { color: #000000; }
          .chart { break-inside: avoid; }
        }
        @media (prefers-reduced-motion: reduce) {
          * { transition: none !important; animation: none !important; }
        }
        """#
}
