import Mustache

/// The review page's HTML, as Mustache templates (values are HTML-escaped by `{{name}}`).
enum ReviewTemplates {
    static let style = """
        body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#1d1d1f}
        header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #ccc}
        article{border:2px solid #ddd;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
        article.selected{border-color:#0a66c2}
        .images{display:flex;gap:1rem;flex-wrap:wrap}
        figure{margin:0}img{max-width:360px;max-height:360px;display:block}body.hide-overlays figure.overlay{display:none}
        dl{display:grid;grid-template-columns:9rem 1fr;gap:.2rem 1rem}dt{color:#666}dd{margin:0}
        form.inline{display:inline-block;margin-right:1rem}.kind{font-size:.8em;background:#eee;padding:.1rem .4rem;border-radius:4px}
        .error{color:#b00020}table{border-collapse:collapse}td,th{padding:.2rem .8rem;text-align:left}
        """

    static let page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>PlateProof review</title><style nonce="{{nonce}}">\(style)</style></head>
        <body>
        <header><h1>PlateProof review</h1>
        <div>{{review_count}} flagged and {{qa_count}} quality checks waiting. Signed in as {{moderator}}, for {{site}}.
        <a href="/review/plates">Plate models</a>
        {{#csrf}}<form class="inline" method="post" action="/review/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button>Sign out</button></form>{{/csrf}}
        </div></header>
        <p>Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approves, <kbd>r</kbd> rejects with the chosen reason,
        <kbd>o</kbd> shows or hides what the machine saw (dishes green, their inner rim yellow, cutlery blue,
        residue and food elsewhere red, tableware it did not look into magenta).</p>
        {{#has_agreement}}<h2>Moderators and the machine</h2>
        <table><tr><th>heuristic</th><th>checked</th><th>agreed</th><th>rate</th></tr>
        {{#agreement}}<tr><td>{{version}}</td><td>{{answered}}</td><td>{{agreed}}</td><td>{{percent}}%</td></tr>{{/agreement}}
        </table>{{/has_agreement}}
        {{^items}}<p class="empty">Nothing is waiting for review.</p>{{/items}}
        {{#items}}
        <article class="claim" id="claim-{{id}}" data-claim="{{id}}">
        <h2>Claim {{id}} <span class="kind">{{kind_label}}</span></h2>
        <div class="images">
        <figure><img src="/v1/claims/{{id}}/evidence" alt="evidence of claim {{id}}"><figcaption>this claim</figcaption></figure>
        {{#has_overlay}}<figure class="overlay"><img src="/v1/claims/{{id}}/overlay" alt="what the machine saw on claim {{id}}"><figcaption>what the machine saw</figcaption></figure>{{/has_overlay}}
        {{#matches}}<figure><img src="/v1/claims/{{id}}/evidence" alt="evidence of earlier claim {{id}}"><figcaption>earlier claim {{id}}: {{account}}, {{status}}</figcaption></figure>{{/matches}}
        {{#has_matches_elsewhere}}<p class="elsewhere">The same photo was claimed {{matches_elsewhere}} time(s) at another site.</p>{{/has_matches_elsewhere}}
        </div>
        <dl><dt>Account</dt><dd>{{account}}</dd><dt>Activity</dt><dd>{{activity}}</dd>
        <dt>Machine</dt><dd>{{decision}} ({{heuristic_version}})</dd><dt>Residue score</dt><dd>{{score}}</dd>
        <dt>Reasons</dt><dd>{{reasons}}</dd><dt>Claimed</dt><dd>{{claimed_at}}</dd></dl>
        <form class="inline approve" method="post" action="/v1/claims/{{id}}/decision">
        <input type="hidden" name="decision" value="approve"><input type="hidden" name="reason" value="verified_clean">
        <input type="hidden" name="csrf" value="{{csrf}}"><button>Approve (a)</button></form>
        <form class="inline reject" method="post" action="/v1/claims/{{id}}/decision">
        <input type="hidden" name="decision" value="reject"><input type="hidden" name="csrf" value="{{csrf}}">
        <select name="reason" aria-label="reason"><option value="food_left">food left</option><option value="not_a_plate">not a plate</option>
        <option value="reused_photo">reused photo</option><option value="unclear_photo">unclear photo</option><option value="other">other</option></select>
        <button>Reject (r)</button></form>
        </article>
        {{/items}}
        <script nonce="{{nonce}}">
        const cards = Array.from(document.querySelectorAll("article.claim"));
        let current = 0;
        function select(index) {
          if (cards.length === 0) return;
          current = Math.max(0, Math.min(cards.length - 1, index));
          cards.forEach((card, i) => card.classList.toggle("selected", i === current));
          cards[current].scrollIntoView({block: "nearest"});
        }
        document.addEventListener("keydown", (event) => {
          if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
          const card = cards[current];
          if (event.key === "j") select(current + 1);
          else if (event.key === "k") select(current - 1);
          else if (event.key === "a" && card) card.querySelector("form.approve").submit();
          else if (event.key === "r" && card) card.querySelector("form.reject").submit();
          else if (event.key === "o") {
            document.body.classList.toggle("hide-overlays");
            localStorage.setItem("plateproof.hideOverlays", document.body.classList.contains("hide-overlays") ? "1" : "");
          }
        });
        if (localStorage.getItem("plateproof.hideOverlays")) document.body.classList.add("hide-overlays");
        select(0);
        </script>
        </body></html>
        """

    static let plates = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>PlateProof plate models: {{site}}</title><style nonce="{{nonce}}">\(style)</style></head>
        <body>
        <header><h1>Plate models of {{site}}</h1><div>Signed in as {{moderator}}. <a href="/review">Back to review</a></div></header>
        {{#enrolled}}<p class="notice">Enrolled {{enrolled}}. Later claims at {{site}} whose plate matches it are measured against it;
        <code>plateproof reverify --site {{site}}</code> re-runs earlier ones.</p>{{/enrolled}}
        {{#error}}<p class="error">{{error}}</p>{{/error}}
        <h2>In use</h2>
        {{^models}}<p>None yet: every claim at {{site}} is judged by the general rules.</p>{{/models}}
        {{#has_models}}<table><tr><th>model</th><th>kind</th><th>photos</th></tr>
        {{#models}}<tr><td>{{reference}}</td><td>{{kind}}</td><td>{{photos}}</td></tr>{{/models}}</table>{{/has_models}}
        <h2>Use as plate model</h2>
        <p>Approved claims whose plate is none of these models, newest first. A plate model the canteen uses every day,
        enrolled from 3 to 10 of them (the same clean model, shot differently), is then known to the verifier:
        its printed motifs and coloured rim are no longer taken for food.</p>
        {{^candidates}}<p class="empty">No approved claim shows another plate.</p>{{/candidates}}
        {{#has_candidates}}
        {{#can_enrol}}<form method="post" action="/review/plates">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="site" value="{{site}}">
        <p><label>Model name <input name="name" pattern="[A-Za-z0-9._\\-]{1,64}" required placeholder="blue-rim"></label>
        <button>Use as plate model</button></p>{{/can_enrol}}
        {{^can_enrol}}<p>Enrolling takes an admin's key of the site; sign in with one to use these photos.</p>{{/can_enrol}}
        <div class="images">
        {{#candidates}}<figure><label>{{#can_enrol}}<input type="checkbox" name="claim" value="{{id}}"> {{/can_enrol}}<img src="/v1/claims/{{id}}/evidence" alt="evidence of claim {{id}}"></label>
        <figcaption>claim {{id}}: {{account}}, {{claimed_at}}</figcaption></figure>{{/candidates}}
        </div>
        {{#can_enrol}}</form>{{/can_enrol}}
        {{/has_candidates}}
        </body></html>
        """

    static let login = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>PlateProof review: sign in</title><style nonce="{{nonce}}">\(style)</style></head>
        <body><h1>PlateProof review</h1>
        {{#error}}<p class="error">{{error}}</p>{{/error}}
        <form method="post" action="/review/login">
        <label>Moderator key <input type="password" name="key" autocomplete="off" autofocus required></label>
        <button>Sign in</button></form>
        <p>Keys are made with <code>plateproof keys create --role moderator --name NAME</code>.</p>
        </body></html>
        """

    static let compiledPage = Result { try MustacheTemplate(string: page) }
    static let compiledLogin = Result { try MustacheTemplate(string: login) }
    static let compiledPlates = Result { try MustacheTemplate(string: plates) }
}
