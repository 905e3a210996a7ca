import Mustache

/// The page's templates (Mustache: `{{x}}` is HTML-escaped; only the server-drawn SVG charts are
/// inserted raw). No inline script or style anywhere: the Content-Security-Policy forbids both.
enum WebTemplates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in [
            ("header", header), ("footer", footer), ("login", login), ("inbox", inbox), ("mention", mention),
            ("message", message),
        ] + insightTemplates {
            try library.register(text, named: name)
        }
        return library
    }

    static let header = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Hark</title>
        <link rel="stylesheet" href="/static/hark.css">
        </head>
        <body>
        <a class="skip-link" href="#main">{{t.skipToContent}}</a>
        <header class="site-header">
        <a class="brand" href="/">Hark</a>
        {{#signedIn}}<nav class="site-nav" aria-label="Hark"><a href="/">{{t.navInbox}}</a> <a href="/insight" id="nav-insight">{{t.navInsight}}</a> <a href="/report" id="nav-report">{{t.navReport}}</a></nav>
        <span class="who">{{who}} ({{role}})</span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="sign-out">{{t.signOut}}</button></form>{{/signedIn}}
        <form method="get" action="/language" class="inline lang">
        <label for="lang-choice">{{t.languageChoice}}</label>
        <select id="lang-choice" name="lang">{{#languages}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/languages}}</select>
        <input type="hidden" name="back" value="{{back}}"><button type="submit">{{t.save}}</button>
        </form>
        </header>
        <main id="main">
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        """

    static let footer = """
        </main>
        </body>
        </html>
        """

    static let message = """
        {{> header}}
        <h1>{{title}}</h1>
        <p><a href="/">{{t.back}}</a></p>
        {{> footer}}
        """

    static let login = """
        {{> header}}
        <h1>{{t.loginTitle}}</h1>
        <form method="post" action="/login" class="login">
        <label for="token">{{t.tokenLabel}}</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required maxlength="4096">
        <button type="submit" id="sign-in">{{t.signIn}}</button>
        </form>
        {{> footer}}
        """

    static let inbox = """
        {{> header}}
        <h1>{{t.inboxTitle}}</h1>
        <section class="counts" aria-label="{{t.total}}">
        <ul>
        <li>{{t.total}}: <strong>{{counts.total}}</strong></li>
        <li class="overdue">{{t.overdueFlag}}: <strong id="overdue-count">{{counts.overdue}}</strong></li>
        {{#counts.severities}}<li><span class="sev sev-{{key}}">{{label}}</span> <strong>{{n}}</strong></li>{{/counts.severities}}
        {{#counts.statuses}}<li>{{label}}: <strong>{{n}}</strong></li>{{/counts.statuses}}
        </ul>
        </section>
        <form method="get" action="/" class="filters" role="search">
        {{#selects}}<div class="field"><label for="f-{{name}}">{{label}}</label>
        <select id="f-{{name}}" name="{{name}}"><option value="">{{t.any}}</option>{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select></div>
        {{/selects}}
        <div class="field"><label for="f-brand">{{t.brand}}</label><input id="f-brand" name="brand" value="{{brand}}" maxlength="200"></div>
        <div class="field"><label for="f-q">{{t.search}}</label><input id="f-q" name="q" type="search" value="{{q}}" maxlength="1000"></div>
        <div class="field check"><input id="f-overdue" type="checkbox" name="overdue" value="true"{{#overdueChecked}} checked{{/overdueChecked}}><label for="f-overdue">{{t.overdue}}</label></div>
        <button type="submit" id="apply-filters">{{t.filter}}</button>
        </form>
        <table class="mentions">
        <caption>{{t.inboxTitle}}</caption>
        <thead><tr><th scope="col">{{t.severity}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.received}}</th><th scope="col">{{t.due}}</th><th scope="col">{{t.channel}}</th><th scope="col">{{t.category}}</th><th scope="col">{{t.assignee}}</th><th scope="col">{{t.originalText}}</th></tr></thead>
        <tbody>
        {{#items}}<tr class="mention-row{{#overdue}} overdue{{/overdue}}" data-id="{{id}}">
        <td data-label="{{t.severity}}"><span class="sev sev-{{severityKey}}">{{severity}}</span>{{#overdue}} <span class="overdue-flag">{{t.overdueFlag}}</span>{{/overdue}}</td>
        <td data-label="{{t.status}}">{{status}}</td><td data-label="{{t.received}}"><time datetime="{{receivedISO}}">{{received}}</time></td>
        <td data-label="{{t.due}}">{{due}}</td><td data-label="{{t.channel}}">{{channel}}</td><td data-label="{{t.category}}">{{category}}</td>
        <td data-label="{{t.assignee}}">{{assignee}}</td>
        <td data-label="{{t.originalText}}"><a class="open" href="/mentions/{{id}}">{{summary}}</a></td>
        </tr>
        {{/items}}
        {{^items}}<tr><td colspan="8">{{t.nothingYet}}</td></tr>{{/items}}
        </tbody>
        </table>
        {{#next}}<p class="pager"><a href="{{next}}" rel="next">{{t.olderPage}}</a></p>{{/next}}
        <section class="chart">
        <h2>{{t.chartTitle}}</h2>
        <figure>{{{chartSeverity}}}<figcaption>{{t.bySeverity}}</figcaption></figure>
        <figure>{{{chartCategory}}}<figcaption>{{t.byCategory}}</figcaption></figure>
        </section>
        {{> footer}}
        """

    static let mention = """
        {{> header}}
        <p><a href="/">{{t.back}}</a></p>
        <article class="mention detail" data-id="{{id}}">
        <h1>{{heading}}</h1>
        <dl class="facts">
        <dt>{{t.status}}</dt><dd id="status">{{status}}</dd>
        <dt>{{t.complaint}}</dt><dd>{{complaint}}</dd>
        <dt>{{t.severity}}</dt><dd><span class="sev sev-{{severityKey}}">{{severity}}</span>{{#overdue}} <span class="overdue-flag">{{t.overdueFlag}}</span>{{/overdue}}</dd>
        <dt>{{t.category}}</dt><dd>{{category}}</dd>
        {{#corrected}}<dt>{{t.correct}}</dt><dd>{{t.by}} {{corrected.by}}, {{corrected.at}}</dd>{{/corrected}}
        <dt>{{t.language}}</dt><dd>{{language}}</dd>
        <dt>{{t.channel}}</dt><dd>{{channel}} · {{source}}</dd>
        <dt>{{t.received}}</dt><dd><time datetime="{{receivedISO}}">{{received}}</time></dd>
        {{#due}}<dt>{{t.due}}</dt><dd>{{due}} ({{responseKind}})</dd>{{/due}}
        <dt>{{t.assignee}}</dt><dd id="assignee">{{assignee}}</dd>
        {{#showAuthor}}<dt>{{t.author}}</dt><dd>{{author}}</dd>{{/showAuthor}}
        {{#brands}}<dt>{{t.brand}}</dt><dd>{{brands}}</dd>{{/brands}}
        {{#link}}<dt>{{t.link}}</dt><dd><a href="{{link}}" rel="noopener noreferrer nofollow">{{link}}</a></dd>{{/link}}
        {{#flags}}<dt>{{t.flags}}</dt><dd>{{flags}}</dd>{{/flags}}
        {{#customer}}<dt>{{t.customerTitle}}</dt><dd id="customer">{{customer.prior}} · <a href="/customers/{{customer.id}}" id="customer-link">{{t.customerLink}}</a></dd>{{/customer}}
        {{#issue}}<dt>{{t.issueOf}}</dt><dd id="issue"><a href="/?issue={{issue.id}}" id="issue-link">{{issue.label}}</a> ({{t.occurrencesLabel}} {{issue.occurrences}})</dd>{{/issue}}
        </dl>
        <section><h2>{{t.originalText}}</h2>
        {{#subject}}<p class="subject">{{subject}}</p>{{/subject}}
        <pre class="text" id="mention-text">{{text}}</pre></section>
        <section><h2>{{t.cues}}</h2><ul class="cues">{{#cues}}<li>{{.}}</li>{{/cues}}{{^cues}}<li>{{t.nothingYet}}</li>{{/cues}}</ul></section>
        {{#canWrite}}
        <section class="actions"><h2>{{t.actions}}</h2>
        {{#hasMoves}}<form method="post" action="/mentions/{{id}}/change" class="action">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="a-status">{{t.moveTo}}</label>
        <select id="a-status" name="status">{{#moves}}<option value="{{value}}">{{label}}</option>{{/moves}}</select>
        <button type="submit" id="move">{{t.save}}</button>
        </form>{{/hasMoves}}
        <form method="post" action="/mentions/{{id}}/change" class="action">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="a-assignee">{{t.assignee}}</label>
        <input id="a-assignee" name="assignee" value="{{assigneeValue}}" maxlength="200">
        <button type="submit" id="assign">{{t.assign}}</button>
        </form>
        <form method="post" action="/mentions/{{id}}/change" class="action">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="a-severity">{{t.severity}}</label>
        <select id="a-severity" name="severity">{{#severityOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/severityOptions}}</select>
        <label for="a-category">{{t.category}}</label>
        <select id="a-category" name="category">{{#categoryOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/categoryOptions}}</select>
        <button type="submit" id="correct">{{t.correct}}</button>
        </form>
        <form method="post" action="/mentions/{{id}}/notes" class="action note">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="a-note">{{t.addNote}}</label>
        <textarea id="a-note" name="text" rows="3" maxlength="16384" required></textarea>
        <button type="submit" id="add-note">{{t.addNote}}</button>
        </form>
        {{#canHandOff}}<form method="post" action="/mentions/{{id}}/handoff" class="action">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="hand-off">{{t.handOff}}</button>
        </form>{{/canHandOff}}
        </section>
        <section><h2>{{t.notes}}</h2><ul class="notes">{{#notes}}<li><span class="meta">{{author}}, {{at}}</span> {{text}}</li>{{/notes}}{{^notes}}<li>{{t.nothingYet}}</li>{{/notes}}</ul></section>
        {{/canWrite}}
        <section><h2>{{t.earlierMentions}}</h2><ul class="earlier">{{#earlier}}<li><a href="/mentions/{{id}}">{{received}} · {{severity}} · {{summary}}</a></li>{{/earlier}}{{^earlier}}<li>{{t.nothingYet}}</li>{{/earlier}}</ul></section>
        {{#canWrite}}<section><h2>{{t.history}}</h2><ol class="history">{{#history}}<li>{{at}} · {{actor}} · {{action}}{{#change}}: {{change}}{{/change}}</li>{{/history}}{{^history}}<li>{{t.nothingYet}}</li>{{/history}}</ol></section>{{/canWrite}}
        </article>
        {{> footer}}
        """
}
