import SkillsCore
import SkillsPlatform
import Testing

@Suite struct DocsIndexTests {
    @Test func groupsAreFoundAnywhereAndMergedWithoutDuplicates() throws {
        let docs = try DocsIndex(
            text: """
                {"navigation": {"tabs": [
                  {"tab": "A", "groups": [{"group": "Videos", "pages": ["POST /generation/a/one", "GET /credits",
                    "POST /not-generation/x", " post   /generation/a/two ", 7, null]}]},
                  {"tab": "B", "groups": [{"group": "Videos", "pages": ["POST /generation/a/one",
                    {"group": "More", "pages": ["POST /generation/a/three"]}, {"page": "POST /generation/a/ignored"}]},
                    {"group": "Videos", "pages": "POST /generation/a/not-a-list"},
                    {"group": "Images", "pages": ["POST /generation/b/image"]}]}
                ]}}
                """)
        #expect(
            docs.endpoints(.videos) == ["POST /generation/a/one", "POST /generation/a/two", "POST /generation/a/three"])
        #expect(docs.endpoints(.images) == ["POST /generation/b/image"])
    }

    @Test func documentsWithoutTheGroupsListNothing() throws {
        #expect(try DocsIndex(text: "[]").endpoints(.videos) == [])
        #expect(try DocsIndex(text: #"{"group": "Images"}"#).endpoints(.images) == [])
    }

    @Test func invalidJSONNamesTheFile() {
        let error = #expect(throws: PlatformLoadError.self) { try DocsIndex(text: "{", file: "/x/docs.json") }
        #expect(error?.file == "/x/docs.json")
        #expect(error?.description.hasPrefix("Invalid JSON in /x/docs.json: ") == true)
    }
}
