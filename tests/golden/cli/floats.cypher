UNWIND [1e20, 1e-7, 0.1, 1.0, toFloat('-0.0'), 1e15, 123456789012345678.0,
        0.0 / 0.0, 1.0 / 0.0, -1.0 / 0.0] AS x
RETURN x, toString(x) AS text, [x] AS list;
