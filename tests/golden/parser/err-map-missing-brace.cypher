RETURN {k: {k: {}} AS literal
