import ArgumentParser
import SkillsCore
import SkillsPlatform

/// `inspect`: endpoint lists and contracts from the OpenAPI and docs.json files (the seed's inspect script).
struct InspectCommand: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Inspect generation OpenAPI contracts and emit endpoint-ready summaries.")

    @Option(name: .customLong("openapi"), help: "Path to the OpenAPI JSON.") var openAPI: String
    @Option(help: "Path to docs.json for Videos/Images group extraction.") var docs: String?
    @Option(help: "Docs group to list: videos or images.") var category: EndpointCategory = .videos
    @Flag(help: "List POST generation endpoints from the docs.json group.") var listEndpoints = false
    @Option(help: "Endpoint path or full string like 'POST /generation/...'.") var endpoint: String?
    @Flag(help: "Include request_template in the output.") var includeTemplate = false
    @Option(help: "Spaces of JSON indentation (0: newlines only).") var jsonIndent = 2

    func run(_ context: CLIContext) async -> Int32 {
        let request = InspectRequest(
            openAPIPath: openAPI, docsPath: docs, category: category,
            listEndpoints: listEndpoints, endpoint: endpoint, includeTemplate: includeTemplate)
        let outputs: [JSONValue]
        do {
            outputs = try Inspector.run(request)
        } catch {
            context.sink.emit(.commandError(code: "inspect_failed", message: error.description))
            return 1
        }
        for output in outputs { context.sink.text(IndentedJSON.render(output, indent: jsonIndent)) }
        return 0
    }
}

extension EndpointCategory: ExpressibleByArgument {}
