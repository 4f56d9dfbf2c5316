RETURN (n).name, [{a: 1}][0].a, {a: {b: 2}}.a.b
