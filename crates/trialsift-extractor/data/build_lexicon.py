#!/usr/bin/env python3
"""Builds the extractor's compact lexicons from the Fast Data Science dictionaries (MIT).

Usage: python3 build_lexicon.py [LEXICON_DIR]   (default: shared/lexicons beside the repository)
Writes conditions.tsv and interventions.tsv next to this script: one `canonical<TAB>identifier`
a line (the identifier may be empty), a `%%` line, then one `variant<TAB>index of the canonical
name` a line. Identifiers are written bare to keep the files small, and their form names their
dictionary: `DB` and five digits is a DrugBank accession (`DB00688`), a letter, two digits and
dotted groups a MeSH tree number (`C17.300.799.602`). Drugs carry their DrugBank accession.
Diseases carry a MeSH tree number (the first in sort order), not the lexicon's `mesh_id`: that
field is often the id of a related descriptor rather than the disease's own (asthma has
D018927, hypertension D014655, tuberculosis D059425, where MeSH gives D001249, D006973 and
D014376), while the tree numbers checked by hand were right (asthma C08.127.108, hypertension
C14.907.489, diffuse scleroderma C17.300.799.602), and a tree number names exactly one
descriptor. A tree number two canonical names share is dropped. The drug lexicon's own
`mesh_id` is not used at all: it is mostly a pharmacological class (metformin and insulin
both have D007004). Drugs are kept
only when their canonical entry has a DrugBank, MedlinePlus or NHS reference. Rows are kept only when the variant
is plain text (starts with a letter; letters, digits, spaces, hyphens and apostrophes only;
no inverted MeSH forms with commas), 4 to 40 characters, at most four words, does not start with a function word, and is not in stoplist.txt.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PLAIN = re.compile(r"^[a-z][a-z0-9 \-']*[a-z0-9]$")
FUNCTION_WORDS = {"a", "an", "the", "at", "in", "of", "and", "or", "for", "to", "with", "on", "by", "as", "no", "not", "is"}


def load(path, fields):
    rows = {}
    with open(path, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != fields:
                continue
            variant, canonical = parts[0].strip(), parts[1].strip()
            rows.setdefault(variant, canonical)
    return rows


def keep(variant, stop):
    if variant in stop or not (4 <= len(variant) <= 40) or not PLAIN.match(variant):
        return False
    words = variant.split()
    if len(words) > 4 or words[0] in FUNCTION_WORDS or words[-1] in FUNCTION_WORDS:
        return False
    if all(word.isdigit() for word in words):
        return False
    return True


def write(rows, stop, name, identifiers, allowed=None):
    """Writes `canonical<TAB>identifier` lines, then `%%`, then `variant<TAB>index of its canonical`."""
    kept = [
        (variant, rows[variant])
        for variant in sorted(rows)
        if keep(variant, stop)
        and rows[variant] not in stop
        and (allowed is None or rows[variant] in allowed)
    ]
    canonicals = sorted({canonical for _, canonical in kept})
    index = {canonical: position for position, canonical in enumerate(canonicals)}
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as out:
        out.writelines(f"{canonical}\t{identifiers.get(canonical, '')}\n" for canonical in canonicals)
        out.write("%%\n")
        out.writelines(f"{variant}\t{index[canonical]}\n" for variant, canonical in kept)
    known = sum(1 for canonical in canonicals if identifiers.get(canonical))
    print(name, len(canonicals), "canonical names", known, "with an identifier", len(kept), "variants")


def records_of(path):
    """Reads a JSONL dictionary."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def drugbank_ids(drugs):
    """Maps each drug's canonical name to its DrugBank accession."""
    return {record["canonical"]: record["drugbank_id"] for record in drugs if record.get("drugbank_id")}


def mesh_trees(diseases):
    """Maps each disease's canonical name to its first MeSH tree number, when no other disease has that number."""
    first = {
        record["canonical"]: sorted(record["mesh_tree"])[0]
        for record in diseases
        if record.get("mesh_tree")
    }
    users = {}
    for tree in first.values():
        users[tree] = users.get(tree, 0) + 1
    return {canonical: tree for canonical, tree in first.items() if users[tree] == 1}


def clinical_drugs(path):
    """Canonical drug names with a DrugBank, MedlinePlus or NHS entry: drugs given to people, not every chemical."""
    allowed = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("drugbank_id") or record.get("medline_plus_id") or record.get("nhs_url"):
                allowed.add(record["canonical"])
    return allowed


def main():
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared/lexicons")
    source = sys.argv[1] if len(sys.argv) > 1 else default
    with open(os.path.join(HERE, "stoplist.txt"), encoding="utf-8") as handle:
        stop = {line.strip() for line in handle if line.strip() and not line.startswith("#")}
    diseases = records_of(os.path.join(source, "disease_canonical_mesh.jsonl"))
    drug_canonical = os.path.join(source, "drug_canonical.jsonl")
    drugs = records_of(drug_canonical)
    disease_ids = mesh_trees(diseases)
    write(load(os.path.join(source, "disease_variants.tsv"), 2), stop, "conditions.tsv", disease_ids)
    allowed = clinical_drugs(drug_canonical)
    write(load(os.path.join(source, "drug_variants.tsv"), 3), stop, "interventions.tsv", drugbank_ids(drugs), allowed)


if __name__ == "__main__":
    main()
