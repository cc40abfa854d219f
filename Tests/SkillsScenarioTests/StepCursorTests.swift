import Testing

@testable import SkillsScenario

@Suite("Step cursor")
struct StepCursorTests {
    let a = Step(kind: .response(Response(status: 503)))
    let b = Step(kind: .fault(.reset))
    let c = Step(delayMs: 10, kind: .response(Response(status: 200, body: .json(["status": "COMPLETED"]))))

    @Test("hands out steps in order, then repeats the last")
    func order() {
        var cursor = StepCursor([a, b, c])
        #expect(cursor.position == 0 && !cursor.isExhausted)
        #expect(cursor.next() == a)
        #expect(cursor.next() == b)
        #expect(cursor.next() == c)
        #expect(cursor.isExhausted)
        #expect(cursor.next() == c)
        #expect(cursor.next() == c)
        #expect(cursor.served == 5)
        #expect(cursor.position == 2)
    }

    @Test("no steps: nil, and nothing counted")
    func empty() {
        var cursor = StepCursor([])
        #expect(cursor.next() == nil)
        #expect(cursor.peek() == nil && cursor.position == nil)
        #expect(cursor.served == 0)
    }

    @Test("peek does not advance")
    func peek() {
        var cursor = StepCursor([a, b])
        #expect(cursor.peek() == a)
        #expect(cursor.peek() == a)
        #expect(cursor.served == 0)
        _ = cursor.next()
        #expect(cursor.peek() == b)
    }

    @Test("a value type: copies advance independently")
    func valueSemantics() {
        var first = StepCursor([a, b, c])
        _ = first.next()
        var second = first
        #expect(second.next() == b)
        #expect(second.next() == c)
        #expect(first.next() == b)
        #expect(first.served == 2 && second.served == 3)
    }
}
