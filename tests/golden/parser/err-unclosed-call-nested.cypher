RETURN f(1, [2, {a: 3
