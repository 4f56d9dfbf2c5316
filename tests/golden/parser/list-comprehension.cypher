RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x], [y IN l WHERE y > 1], [z IN l | z.name]
