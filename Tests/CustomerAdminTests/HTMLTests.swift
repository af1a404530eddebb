import Testing
@testable import CustomerAdmin

@Suite struct HTMLTests {
    @Test func interpolatedTextIsEscaped() {
        let name = "<script>alert('x')</script> & \"co\""
        let html: HTML = "<td>\(name)</td>"
        #expect(html.rendered == "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</td>")
    }

    @Test func nestedHTMLIsNotEscapedTwice() {
        let inner: HTML = "<b>\("a<b")</b>"
        let outer: HTML = "<p>\(inner)\([inner, inner])</p>"
        #expect(outer.rendered == "<p><b>a&lt;b</b><b>a&lt;b</b><b>a&lt;b</b></p>")
    }
}
