# kgq check on the bundled corpus: the counts and the conflicts between the reports
# (who handed Tom Cruise the flag; what opened the ceremony).
$KGQ --corpus ../../../corpus check
