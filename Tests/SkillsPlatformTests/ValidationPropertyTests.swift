import SkillsCore
import SkillsPlatform
import Testing

/// Checks that hold for every model of the committed catalog, derived from its own contract.
@Suite struct ValidationPropertyTests {
    static let loaded = Result { try FixturePaths.catalog() }
    static let allModels = (try? loaded.get())?.models.keys.sorted() ?? []

    func contract(_ model: String) throws -> (PlatformCatalog, EndpointContract, JSONValue) {
        let catalog = try Self.loaded.get()
        let contract = try #require(catalog.contract(model: model))
        let template = try #require(catalog.template(model: model))
        return (catalog, contract, template)
    }

    @Test func theArgumentsCoverEveryModel() {
        #expect(Self.allModels.count == 61)
    }

    @Test(arguments: allModels)
    func emptyPayloadNamesEveryRequiredField(model: String) throws {
        let (catalog, contract, _) = try contract(model)
        #expect(
            catalog.validate(model: model, payload: [:])
                == .invalid(contract.requiredFields.map { "\($0): required field is missing" }))
    }

    @Test(arguments: allModels)
    func droppingARequiredFieldNamesIt(model: String) throws {
        let (catalog, contract, template) = try contract(model)
        for name in contract.requiredFields {
            let members = (template.objectValue ?? []).filter { $0.0 != name }
            #expect(
                catalog.validate(model: model, payload: .object(members))
                    == .invalid(["\(name): required field is missing"]))
        }
    }

    @Test(arguments: allModels)
    func anUndeclaredFieldIsNamed(model: String) throws {
        let (catalog, _, template) = try contract(model)
        let verdict = catalog.validate(model: model, payload: template.setting("not_a_field", to: 1))
        #expect(verdict.messages.count == 1)
        #expect(verdict.messages.first?.hasPrefix("not_a_field: unknown field (allowed fields: ") == true)
    }

    @Test(arguments: allModels)
    func everyEnumRejectsAnOutsideValueAndListsTheAllowedOnes(model: String) throws {
        let (catalog, contract, template) = try contract(model)
        for field in contract.fields {
            guard let allowed = field.allowedValues, let first = allowed.first else { continue }
            let outside: JSONValue = first.stringValue != nil ? "not-an-option" : 987_654
            let verdict = catalog.validate(model: model, payload: template.setting(field.name, to: outside))
            let list = allowed.map(\.jsonText).joined(separator: ", ")
            #expect(
                verdict == .invalid(["\(field.name): \(outside.jsonText) is not one of the allowed values: \(list)"]))
            for value in allowed {
                #expect(catalog.validate(model: model, payload: template.setting(field.name, to: value)) == .ok)
            }
        }
    }

    @Test(arguments: allModels)
    func everyFieldRejectsTheWrongType(model: String) throws {
        let (catalog, contract, template) = try contract(model)
        for field in contract.fields {
            let wrong: JSONValue = field.type == "string" ? 12 : "text"
            let verdict = catalog.validate(model: model, payload: template.setting(field.name, to: wrong))
            #expect(verdict.messages.count == 1, "\(model).\(field.name)")
            #expect(
                verdict.messages.first?.hasPrefix(
                    "\(field.name): expected \(field.type.hasPrefix("array") ? "array" : field.type), got ") == true)
        }
    }
}
