import SkillsCore
import SkillsScenario

/// Parses the YAML body of `POST /__admin/scenarios`: one scenario document, or several separated by `---` lines.
enum AdminScenarioParser {
    /// The scenarios, or every loader message (one per line, each naming document, line and key path).
    static func parse(_ yaml: String) -> Result<[Scenario], AdminLoadMessage> {
        let documents = split(yaml)
        guard !documents.isEmpty else { return .failure(AdminLoadMessage("no scenario document in the request body")) }
        var scenarios: [Scenario] = []
        var problems: [String] = []
        for (index, document) in documents.enumerated() {
            let name = documents.count == 1 ? "<admin>" : "<admin document \(index + 1)>"
            do {
                scenarios.append(try ScenarioLoader.parse(yaml: document, file: name))
            } catch {
                problems += error.errors.map(\.description)
            }
        }
        let ids = scenarios.map(\.id)
        if Set(ids).count != ids.count { problems.append("<admin>: id: the same id appears in several documents") }
        return problems.isEmpty ? .success(scenarios) : .failure(AdminLoadMessage(problems.joined(separator: "\n")))
    }

    /// The documents of a multi-document YAML text (split at lines that are exactly `---`; empty ones dropped).
    static func split(_ yaml: String) -> [String] {
        var documents: [String] = []
        var current: [Substring] = []
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "---" || line == "---\r" {
                documents.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        documents.append(current.joined(separator: "\n"))
        return documents.filter { !$0.trimmingWhitespace().isEmpty }
    }
}

/// A loader message passed back to the admin caller (400).
struct AdminLoadMessage: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
