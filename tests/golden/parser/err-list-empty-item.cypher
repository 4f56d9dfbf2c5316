RETURN [, ] AS literal
