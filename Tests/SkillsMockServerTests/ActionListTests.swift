import Testing

@testable import SkillsMockServer

/// The inline list of a state machine's actions: kept in order, up to four, iterated once.
@Suite struct ActionListTests {
    @Test func actionsComeOutInTheOrderTheyWentIn() {
        var list = ActionList<Int>()
        #expect(Array(list).isEmpty)
        for value in 1...4 { list.append(value) }
        #expect(Array(list) == [1, 2, 3, 4])
    }

    @Test func theShortInitialisersHoldOneOrTwo() {
        #expect(Array(ActionList(7)) == [7])
        #expect(Array(ActionList(7, 8)) == [7, 8])
        var two = ActionList(7, 8)
        two.append(9)
        #expect(Array(two) == [7, 8, 9])
    }

    @Test func iteratingTakesEachActionOnce() {
        var list = ActionList(1, 2)
        #expect(list.next() == 1)
        #expect(list.next() == 2)
        #expect(list.next() == nil)
        #expect(list.next() == nil)
    }
}
