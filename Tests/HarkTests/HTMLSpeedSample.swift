/// A typical review as a feed carries it (about 2 KB of HTML), for the speed notes of the HTML tests.
enum HTMLSpeedSample {
    static let review = """
        <div class="review" data-id="48213"><h2>Terrible service from the shop &ndash; never again</h2>
        <p class="meta">Posted by <a href="/users/kari" class="user">Kari N.</a> on
        <time datetime="2024-03-21">21 March</time></p>
        <p>I ordered a <strong>washing machine</strong> on 3 March and was promised delivery within 5 days. After two
        weeks and four phone calls nobody could tell me where it was. The customer service agent was polite but could
        not do anything. <em>Skuffende!</em> Jeg har ventet i tre uker p&aring; en vaskemaskin som aldri kom.</p>
        <p>When it finally arrived the door was dented and the drum made a loud noise. I asked for a replacement and
        was told to &quot;wait for a technician&quot;. That was ten days ago, and nobody has called.</p>
        <ul><li>Delivery: 1/5</li><li>Product: 2/5</li><li>Support: 1/5</li><li>Price: 3/5</li></ul>
        <blockquote cite="https://shop.example/replies/1">Vi beklager ulempen og ser p&aring; saken.
        &mdash; Kundeservice</blockquote>
        <p>Update: still nothing. I will <a href="https://example.com/complaints" target="_blank" rel="ugc">file a
        complaint</a> with the consumer council. Avoid this shop if you can.
        <img src="/img/emoji/angry.png" alt="😡" class="emoji" width="16" height="16"></p>
        <table class="details"><tr><th>Order</th><td>#48213</td></tr><tr><th>Date</th><td>2024-03-03</td></tr>
        <tr><th>Store</th><td>Oslo city</td></tr></table>
        <p>S&oslash;ren &Oslash;rsted, &Aring;rhus. &AElig;ble, &oslash;l og &aring;l. Posted via the mobile app.</p>
        <div class="share"><span>Share:</span>
        <a href="https://social.example/share?u=48213" onclick="track()">social</a>
        <a href="mailto:?subject=Review%2048213">mail</a></div>
        <p style="font-size:small">Was this review helpful? <button onclick="vote(1)">Yes</button>
        <button onclick="vote(0)">No</button></p>
        <script>window.analytics && window.analytics.track("review_view", {id: 48213});</script>
        <style>.review h2 { color: #b00; } .emoji { vertical-align: middle; }</style>
        <p>Edit: the technician came on 28 March and replaced the door, but the noise is still there. Two stars
        for finally showing up, minus one for the month it took.</p></div>
        """
}
