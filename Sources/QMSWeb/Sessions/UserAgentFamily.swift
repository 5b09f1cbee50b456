/// The browser and system a `User-Agent` names, as families ("Firefox", "Windows"), so that a
/// person can tell their sessions apart. Only the families are kept with a session, not the whole
/// header, which says more about the device than anyone needs here.
struct UserAgentFamily: Sendable, Hashable {
    var browser: String?
    var system: String?

    /// The families of a header; nil parts when it names none that is known.
    init(_ header: String?) {
        guard let header else { return }
        // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
        let browsers: [(token: String, name: String)] = [
            ("Edg/", "Edge"), ("OPR/", "Opera"), ("Opera", "Opera"), ("Firefox/", "Firefox"),
            ("SamsungBrowser/", "Samsung Internet"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
            ("CriOS/", "Chrome"), ("FxiOS/", "Firefox"), ("Safari/", "Safari"), ("curl/", "curl"),
            ("python-requests/", "Python"), ("Wget/", "Wget"),
        ]
        browser = browsers.first { header.contains($0.token) }?.name
        let systems: [(token: String, name: String)] = [
            ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
            ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
        ]
        system = systems.first { header.contains($0.token) }?.name
    }
}
