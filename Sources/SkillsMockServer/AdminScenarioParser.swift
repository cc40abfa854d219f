import SkillsScenario

/// Parses the YAML body of `POST /__admin/scenarios`.
enum AdminScenarioParser {
    /// One scenario document, or the loader's message.
    static func parse(_ yaml: String) -> Result<[Scenario], AdminLoadMessage> {
        .failure(AdminLoadMessage("scenario loading needs SkillsScenario.ScenarioLoader"))
    }
}

/// A loader message passed back to the admin caller.
struct AdminLoadMessage: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
