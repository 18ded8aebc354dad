@testable import Handlers
import Testing

@Suite("Reading a cookie from the Cookie header")
struct CookiesTests {
    private func value(_ name: String, _ header: String?) -> String? {
        Cookies.value(name, in: Request(method: "GET", target: "/", headers: header.map { ["cookie": $0] } ?? [:]))
    }

    @Test("the named cookie among others, spaces and tabs around pairs ignored")
    func found() {
        #expect(value("vps_session", "a=1; vps_session=abc; b=2") == "abc")
        #expect(value("vps_session", "vps_session=abc") == "abc")
        #expect(value("vps_session", " \tvps_session=abc \t;b=2") == "abc")
        #expect(value("vps_session", "a=1;;vps_session=x=y") == "x=y")
        #expect(value("vps_session", "vps_session=") == "")
        #expect(value("b", "a=1; b=ü; c=3") == "ü")
    }

    @Test("a longer or shorter name, a pair without '=', or no header is not a match")
    func notFound() {
        #expect(value("vps_session", "vps_sessionx=abc; xvps_session=1; vps_sessio=2") == nil)
        #expect(value("vps_session", "vps_session; a=1") == nil)
        #expect(value("vps_session", "") == nil)
        #expect(value("vps_session", nil) == nil)
    }
}
