"""Two articles side by side: which people, organisations, places, times and speakers both
mention, and which only one does — a cross-article view computed on request."""

from __future__ import annotations

from typing import Any

__all__ = ["compare"]


def compare(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Two article records (export shape) side by side: what they share and what only one has."""

    def names(record: dict[str, Any], key: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for item in record[key]:
            if key == "entities" and item["label"] not in ("PERSON", "ORG", "NORP"):
                continue
            out.setdefault(item["name"] if key != "times" else item["value"], []).append(item)
        return out

    def speakers(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for quote in record["quotes"]:
            out.setdefault(quote["speaker"]["name"] or "(unresolved)", []).append(quote)
        return out

    result: dict[str, Any] = {}
    for key, fn in (
        ("entities", lambda r: names(r, "entities")),
        ("places", lambda r: names(r, "places")),
        ("times", lambda r: names(r, "times")),
        ("speakers", speakers),
    ):
        lmap, rmap = fn(left), fn(right)
        shared = sorted(set(lmap) & set(rmap) - {"(unresolved)"}, key=str.lower)
        result[key] = {
            "shared": [{"key": k, "left": lmap[k], "right": rmap[k]} for k in shared],
            "left_only": sorted(set(lmap) - set(rmap), key=str.lower),
            "right_only": sorted(set(rmap) - set(lmap), key=str.lower),
        }
    return result
