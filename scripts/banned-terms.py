#!/usr/bin/env python3
"""Derives src/password/banned-terms.txt from zxcvbn's common-password list.

Usage (the npm registry is the only network this needs):
    npm pack zxcvbn@4.4.2 && tar xzf zxcvbn-4.4.2.tgz
    python3 scripts/banned-terms.py package/src/frequency_lists.coffee 2000 \
        > src/password/banned-terms.txt

zxcvbn (MIT, (c) 2012-2016 Dan Wheeler and Dropbox, Inc.) ranks 30,000 passwords by
frequency in Mark Burnett's public 10-million-password corpus. Microsoft's global banned
list holds *base terms*, so each password is cut down to its base: surrounding digits
and symbols are dropped (`password1` -> `password`, `trustno1` -> `trustno`); all-digit
passwords are kept whole when they have six digits or more (`123456`). Bases shorter
than four characters are dropped. Terms that are the same after the checker's
normalisation (lowercase; 0->o, 1->l, $->s, @->a, 2->z) are kept once, the most frequent
first, until COUNT terms are listed.
"""

import re
import sys

SUBSTITUTIONS = str.maketrans({"0": "o", "1": "l", "$": "s", "@": "a", "2": "z"})


def base(password):
    password = password.lower()
    if password.isdigit():
        return password if len(password) >= 6 else ""
    return re.sub(r"[^a-z]+$", "", re.sub(r"^[^a-z]+", "", password))


def main():
    source, count = sys.argv[1], int(sys.argv[2])
    text = open(source, encoding="utf-8").read()
    passwords = re.search(r'passwords: "([^"]*)"', text).group(1).split(",")
    seen, terms = set(), []
    for password in passwords:
        term = base(password)
        key = term.translate(SUBSTITUTIONS)
        if len(term) < 4 or key in seen:
            continue
        seen.add(key)
        terms.append(term)
        if len(terms) == count:
            break
    print("# Common base terms of passwords, most frequent first; one per line.")
    print("# Derived by scripts/banned-terms.py from zxcvbn 4.4.2's password list")
    print("# (npm package zxcvbn; MIT licence, Copyright (c) 2012-2016 Dan Wheeler and")
    print("# Dropbox, Inc.; full text in banned-terms-LICENSE.txt beside this file).")
    for term in terms:
        print(term)


if __name__ == "__main__":
    main()
