#!/usr/bin/env bash
# Lists every line of the git-tracked C# files that is longer than the readable width (issue 8), as
# `path:line: N chars`, and fails when there is one; prints nothing and succeeds otherwise.
# Widths count characters (the files are UTF-8), not bytes.
set -euo pipefail
limit=160
cd "$(git rev-parse --show-toplevel)"
git ls-files -z -- '*.cs' | perl -CSD -0 -ne '
    BEGIN { $found = 0 }
    chomp;
    my $path = $_;
    local $/ = "\n";
    open(my $file, "<:encoding(UTF-8)", $path) or die "check-line-width: $path: $!\n";
    while (my $line = <$file>) {
        $line =~ s/\r?\n\z//;
        my $width = length $line;
        if ($width > '"$limit"') { print "$path:$.: $width chars\n"; $found = 1 }
    }
    close $file;
    END { $? = $found }
'
