MATCH (index:index) WHERE index.index = 1 RETURN index.for AS show, index.drop AS indexes
