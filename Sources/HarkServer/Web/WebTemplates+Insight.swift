/// The templates of the insight pages: where to act, a customer, the monthly report.
extension WebTemplates {
    static let insightTemplates: [(String, String)] = [
        ("issueTable", issueTable), ("alarmTable", alarmTable), ("insight", insight), ("customer", customer),
        ("report", report),
    ]

    static let issueTable = """
        <table class="issues">
        <caption>{{t.insightTitle}}</caption>
        <thead><tr><th scope="col">{{t.issueLabel}}</th><th scope="col">{{t.category}}</th><th scope="col">{{t.complaints30}}</th><th scope="col">{{t.veryDissatisfied30}}</th><th scope="col">{{t.customersCount}}</th><th scope="col">{{t.openCount}}</th><th scope="col">{{t.overdue}}</th><th scope="col">{{t.trendLabel}}</th><th scope="col">{{t.reachLabel}}</th></tr></thead>
        <tbody>
        {{#issues}}<tr class="issue-row" id="{{id}}" data-id="{{id}}">
        <td data-label="{{t.issueLabel}}">{{label}}</td><td data-label="{{t.category}}">{{category}}</td>
        <td data-label="{{t.complaints30}}">{{complaints}}</td><td data-label="{{t.veryDissatisfied30}}">{{very}}</td>
        <td data-label="{{t.customersCount}}">{{customers}}</td><td data-label="{{t.openCount}}">{{open}}</td>
        <td data-label="{{t.overdue}}">{{overdue}}</td>
        <td data-label="{{t.trendLabel}}"><span class="trend trend-{{trendKey}}">{{trend}}</span></td>
        <td data-label="{{t.reachLabel}}"><span class="estimate" title="{{reachNote}}">{{reach}}</span></td>
        </tr>{{/issues}}
        {{^issues}}<tr><td colspan="9">{{t.noIssues}}</td></tr>{{/issues}}
        </tbody>
        </table>
        <p class="note" id="reach-note">{{reachNote}}</p>
        """

    static let alarmTable = """
        <table class="alarms">
        <caption>{{t.trendsTitle}}</caption>
        <thead><tr><th scope="col">{{t.trendLabel}}</th><th scope="col">{{t.seriesKind}}</th><th scope="col">{{t.seriesName}}</th><th scope="col">{{t.lastDay}}</th><th scope="col">7 d</th><th scope="col">{{t.baseline}}</th></tr></thead>
        <tbody>
        {{#alarms}}<tr class="alarm"><td><span class="trend trend-{{trendKey}}">{{trend}}</span></td><td>{{dimension}}</td><td>{{label}}</td><td>{{today}}</td><td>{{week}}</td><td>{{baseline}}</td></tr>{{/alarms}}
        {{^alarms}}<tr><td colspan="6">{{t.noAlarms}}</td></tr>{{/alarms}}
        </tbody>
        </table>
        """

    static let insight = """
        {{> header}}
        <h1>{{t.insightTitle}}</h1>
        <p>{{t.insightIntro}}</p>
        {{> issueTable}}
        <section class="chart" id="trends">
        <h2>{{t.trendsTitle}}</h2>
        <p>{{t.trendsIntro}}</p>
        {{> alarmTable}}
        <figure>{{{chartIssues}}}<figcaption>{{t.byIssue}}</figcaption></figure>
        </section>
        {{> footer}}
        """

    static let customer = """
        {{> header}}
        <h1>{{t.customerTitle}} <code>{{customerID}}</code></h1>
        <dl class="facts">
        <dt>{{t.complaintsTotal}}</dt><dd id="customer-complaints">{{complaints}}</dd>
        <dt>{{t.firstSeen}}</dt><dd>{{firstSeen}}</dd>
        <dt>{{t.lastSeen}}</dt><dd>{{lastSeen}}</dd>
        </dl>
        <section><h2>{{t.evidence}}</h2><ul class="evidence">{{#evidence}}<li>{{kind}} ({{confidence}} %): {{value}}</li>{{/evidence}}{{^evidence}}<li>{{t.nothingYet}}</li>{{/evidence}}</ul></section>
        <table class="mentions">
        <caption>{{t.earlierMentions}}</caption>
        <thead><tr><th scope="col">{{t.severity}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.received}}</th><th scope="col">{{t.channel}}</th><th scope="col">{{t.category}}</th><th scope="col">{{t.originalText}}</th></tr></thead>
        <tbody>
        {{#items}}<tr class="mention-row" data-id="{{id}}"><td><span class="sev sev-{{severityKey}}">{{severity}}</span></td><td>{{status}}</td><td><time datetime="{{receivedISO}}">{{received}}</time></td><td>{{channel}}</td><td>{{category}}</td><td><a class="open" href="/mentions/{{id}}">{{summary}}</a></td></tr>{{/items}}
        </tbody>
        </table>
        {{> footer}}
        """

    static let report = """
        {{> header}}
        <article class="report">
        <h1>{{t.reportTitle}} <span id="report-month">{{month}}</span></h1>
        <p class="screen-only"><a href="/report?month={{previous}}" rel="prev">{{t.previousMonth}}</a>{{#next}} · <a href="/report?month={{next}}" rel="next">{{t.nextMonth}}</a>{{/next}} · {{t.printHint}}</p>
        <p>{{t.reportIntro}}</p>
        <ul class="report-counts">
        <li>{{t.complaintsInMonth}}: <strong id="report-total">{{total}}</strong></li>
        <li>{{t.openComplaints}}: <strong id="report-open">{{openNow}}</strong></li>
        <li>{{t.overdueComplaints}}: <strong id="report-overdue">{{overdueNow}}</strong></li>
        </ul>
        <section class="chart">
        <h2>{{t.complaintsInMonth}}</h2>
        <figure>{{{chartCategory}}}<figcaption>{{t.byCategory}}</figcaption></figure>
        <figure>{{{chartChannel}}}<figcaption>{{t.byChannel}}</figcaption></figure>
        <figure>{{{chartSeverity}}}<figcaption>{{t.bySeverity}}</figcaption></figure>
        </section>
        <section id="escalate"><h2>{{t.escalate}}</h2>
        <table class="issues"><thead><tr><th scope="col">{{t.issueLabel}}</th><th scope="col">{{t.category}}</th><th scope="col">{{t.complaints30}}</th><th scope="col">{{t.veryDissatisfied30}}</th><th scope="col">{{t.overdue}}</th><th scope="col">{{t.trendLabel}}</th><th scope="col">{{t.reachLabel}}</th></tr></thead>
        <tbody>{{#escalate}}<tr class="issue-row" data-id="{{id}}"><td>{{label}}</td><td>{{category}}</td><td>{{complaints}}</td><td>{{very}}</td><td>{{overdue}}</td><td><span class="trend trend-{{trendKey}}">{{trend}}</span></td><td><span class="estimate">{{reach}}</span></td></tr>{{/escalate}}
        {{^escalate}}<tr><td colspan="7">{{t.noIssues}}</td></tr>{{/escalate}}</tbody></table>
        <p class="note">{{reachNote}}</p>
        </section>
        <section id="new-issues"><h2>{{t.newIssues}}</h2>
        <ul>{{#newIssues}}<li data-id="{{id}}">{{label}} ({{category}}): {{inMonth}}</li>{{/newIssues}}{{^newIssues}}<li>{{t.noIssues}}</li>{{/newIssues}}</ul>
        </section>
        <section id="recurring-issues"><h2>{{t.recurringIssues}}</h2>
        <ul>{{#recurringIssues}}<li data-id="{{id}}">{{label}} ({{category}}): {{inMonth}} · {{t.occurrencesLabel}} {{occurrences}} · {{t.firstSeen}} {{firstSeen}}</li>{{/recurringIssues}}{{^recurringIssues}}<li>{{t.noIssues}}</li>{{/recurringIssues}}</ul>
        </section>
        <section id="report-trends"><h2>{{t.trendsTitle}}</h2>
        {{> alarmTable}}
        </section>
        </article>
        {{> footer}}
        """
}
