MATCH (café)　RETURN café
