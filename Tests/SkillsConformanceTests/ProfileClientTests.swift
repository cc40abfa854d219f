import SkillsCore
import Testing

@testable import SkillsConformance

@Suite struct ProfileClientTests {
    static let profile = ClientProfile(
        name: "p",
        run: [
            "python3", "{dir}/c.py", "--url", "{base_url}{sse_endpoint}", "--payload", "{payload}",
            "--poll", "{poll_interval_s}", "--cap", "{backoff_max_s}",
        ],
        classify: ["python3", "{dir}/k.py", "--status", "{status}", "--body", "{body}"],
        env: [EnvironmentVariable("HOME_OF_CLIENT", "{dir}/home")], exitCodes: .none)

    static func invocation(key: String?) -> ClientInvocation {
        ClientInvocation(
            baseURL: "http://127.0.0.1:9/api/v1", model: "a/b", payload: ["prompt": "{dir}"],
            timings: J.timings, key: key, deadline: .seconds(1))
    }

    @Test func commandLinesExpandEveryPlaceholderOnce() {
        let settings = ProfileClientSettings(profile: Self.profile, directory: "/clients", baseEnvironment: [:])
        #expect(
            settings.argv(Self.profile.run, invocation: Self.invocation(key: "k"), extra: [:]) == [
                "python3", "/clients/c.py", "--url", "http://127.0.0.1:9/api/v1/generation/sse/a/b",
                "--payload", "{\"prompt\":\"{dir}\"}", "--poll", "0.1", "--cap", "0.8",
            ])
        let classify = settings.argv(
            Self.profile.classify ?? [], invocation: Self.invocation(key: "k"),
            extra: ["status": "402", "body": "{\"message\":\"no credits\"}"])
        #expect(classify.suffix(4) == ["--status", "402", "--body", "{\"message\":\"no credits\"}"])
    }

    @Test func environmentCarriesOnlyTheRunsKey() {
        let base = ["PATH": "/bin", "SKILLS_VIDEO_API_KEY": "sk-from-the-parent"]
        let settings = ProfileClientSettings(profile: Self.profile, directory: "/clients", baseEnvironment: base)
        let keyed = settings.environment(Self.invocation(key: "sk-test-run--1"))
        #expect(keyed["SKILLS_VIDEO_API_KEY"] == "sk-test-run--1")
        #expect(keyed["HOME_OF_CLIENT"] == "/clients/home")
        #expect(keyed["PATH"] == "/bin")
        #expect(settings.environment(Self.invocation(key: nil))["SKILLS_VIDEO_API_KEY"] == nil)
    }

    @Test func classifierOutputIsReadAsJSONThenByExitCode() {
        let indented = ["{", "  \"category\": \"insufficient_credits\",", "  \"status\": 402", "}"]
        #expect(ClassifierAnswer.category(output: indented, exitCode: 20) == "insufficient_credits")
        #expect(ClassifierAnswer.category(output: ["noise", "{\"category\":\"auth\"}"], exitCode: 0) == "auth")
        #expect(ClassifierAnswer.category(output: ["not json"], exitCode: 24) == "transient")
        #expect(ClassifierAnswer.category(output: [], exitCode: 3) == nil)
    }
}
