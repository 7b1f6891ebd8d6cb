"""A schemathesis check for the fuzzer's site-scoped run (scripts/fuzz-api.sh): a key of the site
PLATEPROOF_FUZZ_SITE must never receive an object of another site. It fails on any JSON `site`
that is not the key's, on any claim id of PLATEPROOF_FUZZ_FOREIGN_CLAIMS (comma-separated) in a
body, and on an image of such a claim."""
import json
import os

import schemathesis

SITE = os.environ.get("PLATEPROOF_FUZZ_SITE", "")
FOREIGN = {int(i) for i in os.environ.get("PLATEPROOF_FUZZ_FOREIGN_CLAIMS", "").split(",") if i}


def leaks(value):
    """Where `value` (a decoded JSON body) names another site or one of its claims."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "site" and isinstance(item, str) and item != SITE:
                yield f"site {item!r}"
            elif key == "claim_id" and item in FOREIGN:
                yield f"claim {item}"
            elif key == "matches" and isinstance(item, list) and FOREIGN.intersection(item):
                yield f"matches {sorted(FOREIGN.intersection(item))}"
            else:
                yield from leaks(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaks(item)


@schemathesis.check
def no_other_site(ctx, response, case):
    """A site-scoped key never receives another site's object."""
    if not SITE:
        return None
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    if content_type.startswith("image/"):
        claim = str((case.path_parameters or {}).get("id", ""))
        if claim.isdigit() and int(claim) in FOREIGN:
            raise AssertionError(f"the image of claim {claim} of another site was served")
        return None
    if not content_type.startswith("application/json"):
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    found = sorted(set(leaks(body)))
    if found:
        raise AssertionError(f"a key of site {SITE} received another site's data: {', '.join(found)}")
    return None
