RETURN {a: 1, b}
