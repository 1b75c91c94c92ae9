"""Where a JSON-LD JobPosting is: its ``jobLocation`` places, read the way real pages write them.

Real pages break the schema.org shape in three ways this module undoes (issue 12, quirk 8):
placeholder address parts ("UNAVAILABLE" as the city, "N/A" as the region, "Remote" as the
street); one address copied into every place of a ``jobLocation`` list while each place's
``name`` says where it really is (nine places, one city); and a "Remote, US" place among
real ones, which makes the job remote-eligible. A foreign ``addressCountry`` never yields
a US state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from scraper.gazetteer import country_code
from scraper.geo import format_location, is_country_us, parse_location, state_code
from scraper.placeholders import clean, is_remote_word
from scraper.sources._normalize import as_list, first_text
from scraper.text import inline_text


@dataclass(frozen=True)
class Place:
    city: str | None
    state: str | None
    country: str | None  # ISO alpha-2 when known
    remote: bool = False

    @property
    def text(self) -> str | None:
        if self.remote and not (self.city or self.state):
            return "Remote"
        return format_location(self.city, self.state)


def job_places(node: dict) -> list[Place]:
    """Every distinct place of a posting, in page order."""
    raw = [p for p in as_list(node.get("jobLocation")) if p]
    signatures = [_signature(p) for p in raw]
    names = [_place_name(p) for p in raw]
    places: list[Place] = []
    for index, item in enumerate(raw):
        copied = signatures[index] is not None and signatures.count(signatures[index]) > 1
        if copied and names[index] and len({n for n, s in zip(names, signatures) if s == signatures[index]}) > 1:
            place = _from_text(names[index])  # the copied address is boilerplate; the name is the place
        else:
            place = _from_item(item)
        if place is not None and place not in places:
            places.append(place)
    return places


def telecommute(node: dict) -> bool:
    if any(str(v).upper() == "TELECOMMUTE" for v in as_list(node.get("jobLocationType"))):
        return True
    # Misplaced flag seen on some ATSs: TELECOMMUTE inside jobLocation.additionalProperty.
    return "TELECOMMUTE" in json.dumps(node.get("jobLocation") or {}).upper()


def _place_name(item: Any) -> str | None:
    return clean(inline_text(item.get("name"))) if isinstance(item, dict) else None


def _address_of(item: Any) -> Any:
    address = item.get("address", item) if isinstance(item, dict) else item
    if isinstance(address, list):
        address = address[0] if address else {}
    return address


def _signature(item: Any) -> tuple | None:
    address = _address_of(item)
    if not isinstance(address, dict):
        return None
    keys = ("streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry")
    values = tuple(json.dumps(address.get(k), sort_keys=True) for k in keys)
    return values if any(v != "null" for v in values) else None


def _from_text(text: str | None) -> Place | None:
    text = clean(text)
    if not text:
        return None
    remote = is_remote_word(text) or text.casefold().startswith(("remote", "virtual"))
    parsed = parse_location(text)
    if remote and not parsed.state:
        return Place(None, None, None, True)
    return Place(parsed.city, parsed.state, "US" if parsed.state else None, remote)


def _from_item(item: Any) -> Place | None:
    address = _address_of(item)
    if isinstance(address, str):
        return _from_text(address)
    if not isinstance(address, dict):
        return _from_text(_place_name(item))
    country_value = address.get("addressCountry")
    country_text = first_text(country_value.get("name")) if isinstance(country_value, dict) else first_text(country_value)
    country = "US" if is_country_us(country_text) else country_code(clean(country_text))
    street = clean(inline_text(address.get("streetAddress")))
    city = clean(inline_text(address.get("addressLocality")))
    region = clean(first_text(address.get("addressRegion")))
    remote = any(is_remote_word(v) for v in (street, city, region))
    if city and is_remote_word(city):
        city = None
    if country and country != "US":
        return Place(city, None, country, remote) if (city or remote) else None
    state = state_code(region)
    if not state and city:
        parsed = parse_location(city)
        state, city = parsed.state, parsed.city or city
    if not (city or state or remote):
        return _from_text(_place_name(item))
    return Place(city, state, country or ("US" if state else None), remote)
