RETURN 'single', "double", 'it\'s', "tab\there", '\u00e9\U0001F600', ''
