RETURN true, FALSE, null, [], [1, 'a', [2]], {}, {a: 1, `b c`: 'x', match: 2}
