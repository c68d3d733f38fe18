"""What the eligibility rules say to people: verdicts, kinds of body, reasons and routes (English message ids).

They live here so that Babel extracts them (locales/guidance); the rules in guidance/data/eligibility.yaml
name them by key. Reasons for situations (a body in another province, a hedged or contradictory
description) take the place and the province as parameters.
"""
from __future__ import annotations

from consultation.i18n import N_

VERDICT_LABELS = {
    "eligible": N_("Eligible to apply"),
    "not_eligible": N_("Not eligible to apply"),
    "depends": N_("It depends"),
}

KIND_LABELS = {
    "county": N_("County"),
    "county_level_city": N_("County-level city"),
    "city_district": N_("City district"),
    "national_dev_zone": N_("National-level development zone"),
    "provincial_dev_zone": N_("Provincial-level development zone"),
    "national_high_tech_zone": N_("National high-tech industrial development zone"),
    "provincial_high_tech_zone": N_("Provincial high-tech industrial development zone"),
    "national_etdz": N_("National economic and technological development zone"),
    "provincial_etdz": N_("Provincial economic and technological development zone"),
    "unnamed_dev_zone": N_("Economic development zone (a type article 3 does not name), provincial level or above"),
    "municipal_dev_zone": N_("Development zone below provincial level (municipal, county or lower)"),
    "dev_zone_level_unknown": N_("Development zone, level not stated"),
    "township_or_street": N_("Township, town or street (sub-district)"),
    "prefecture_city": N_("Prefecture-level city"),
    "city_level_unknown": N_("City, level not stated"),
    "province": N_("Province"),
    "enterprise": N_("Enterprise"),
    "university": N_("University or research institute"),
    "park_operator": N_("Park operator or development company"),
    "association": N_("Industry association or other organisation"),
    "individual": N_("Individual"),
    "other": N_("Other body"),
}

REASONS = {
    "county_level_subject": N_(
        "Article 3 names counties, county-level cities and city districts (县(市、区)) as creation subjects."),
    "zone_provincial_or_above": N_(
        "Article 3 names development zones at provincial level or above, including high-tech industrial "
        "development zones and economic and technological development zones, as creation subjects."),
    "zone_type_unnamed": N_(
        "Article 3 names development zones at provincial level or above, and in brackets high-tech industrial "
        "development zones and economic and technological development zones; it does not say whether a "
        "development zone of another type, such as an economic development zone, is included. Please ask the "
        "Department of Industry and Information Technology, or raise it in your comments on article 3."),
    "zone_below_provincial": N_(
        "Article 3 admits development zones only at provincial level or above; a zone below provincial level "
        "is not a creation subject."),
    "zone_level_unknown": N_(
        "It depends on the zone's level: article 3 admits development zones at provincial level or above "
        "(including high-tech and economic and technological development zones); below that level a zone is "
        "not a creation subject."),
    "township_not_subject": N_(
        "Article 3 names county-level jurisdictions and development zones at provincial level or above; "
        "townships, towns and streets are not creation subjects."),
    "prefecture_not_subject": N_(
        "A prefecture-level city is not a creation subject under article 3; its industry-and-IT authority "
        "cultivates and recommends demonstration zones (article 4) and makes the first review of applications "
        "(article 8)."),
    "city_level_unknown": N_(
        "It depends on the city's level: a county-level city is a creation subject under article 3; a "
        "prefecture-level city is not, its bureau reviews and recommends (article 4)."),
    "organisation_not_subject": N_(
        "Only county-level jurisdictions and development zones at provincial level or above are creation "
        "subjects (article 3); the application is submitted by their industry-and-IT authority (article 8)."),
    "operator_not_subject": N_(
        "A park operator or development company is not a creation subject (article 3); only the "
        "industry-and-IT authority of a county-level jurisdiction or of a development zone at provincial "
        "level or above applies (article 8)."),
    "individual_not_subject": N_(
        "Individuals are not creation subjects (article 3); the applicants are county-level jurisdictions and "
        "development zones at provincial level or above."),
    "other_kind": N_(
        "It depends on what kind of body it is: article 3 admits only counties, county-level cities, city "
        "districts and development zones at provincial level or above."),
}

PATHS = {
    "county_level_route": N_(
        "The industry-and-IT authority of the county, city or district applies as the applying body with the "
        "consent of the government at its level, and submits the materials to the municipal bureau of "
        "industry and information technology, which reviews them and recommends the best to the provincial "
        "department (article 8)."),
    "zone_route": N_(
        "The zone's industry-and-IT authority applies as the applying body with the consent of the "
        "administrative committee, and submits the materials to the municipal bureau of industry and "
        "information technology, which reviews them and recommends the best to the provincial department "
        "(article 8)."),
    "zone_below_provincial_route": N_(
        "The county, county-level city or district in which the zone lies can be the creation subject "
        "(article 3); its industry-and-IT authority applies through the municipal bureau (article 8)."),
    "township_route": N_(
        "The county, county-level city or district to which the township or street belongs can be the "
        "creation subject (article 3); its industry-and-IT authority applies through the municipal bureau "
        "(article 8)."),
    "prefecture_route": N_(
        "The city's counties, county-level cities and districts, and the development zones at provincial "
        "level or above in it, apply; the municipal bureau of industry and information technology reviews "
        "their materials and recommends the best to the provincial department (articles 4 and 8)."),
    "city_level_unknown_route": N_(
        "A county-level city applies through its industry-and-IT authority with the consent of its "
        "government; a prefecture-level city's bureau reviews applications and recommends them (articles 4 "
        "and 8)."),
    "enterprise_route": N_(
        "An enterprise does not apply itself: it works through the industry-and-IT authority of its county, "
        "city or district, or of its development zone, which applies with the consent of its government or "
        "administrative committee (article 8). Enterprises count in the indicator tables of the annexes."),
    "university_route": N_(
        "A university or research institute does not apply itself: it works with the industry-and-IT "
        "authority of the county, city, district or development zone where it is, which is the applying body "
        "(article 8); innovation platforms and industry-university-research cooperation count in the "
        "conditions and indicators (article 6)."),
    "operator_route": N_(
        "If the park is a development zone at provincial level or above, the zone's industry-and-IT "
        "authority applies with the consent of the administrative committee; otherwise the county, city or "
        "district where it lies applies (articles 3 and 8)."),
    "association_route": N_(
        "An industry association, alliance or other organisation does not apply itself: it can work with the "
        "industry-and-IT authority of the county, city, district or development zone, which is the applying body "
        "(article 8); industry alliances and trade associations count in the indicator tables of the annexes."),
    "individual_route": N_(
        "Individuals cannot apply, but anyone may comment on the draft during the public consultation "
        "(see the notice)."),
    "other_route": N_(
        "If the body is a county-level jurisdiction or a development zone at provincial level or above, its "
        "industry-and-IT authority applies through the municipal bureau (article 8); otherwise it works "
        "through the one where it is located."),
}

# Situations decided before the kind of body: where it is and how sure the asker is.
SITUATION_REASONS = {
    "other_province": N_(
        "%(place)s is not in %(province)s: the guideline creates %(province)s's demonstration zones, and its "
        "creation subjects are the counties, county-level cities, districts and development zones at provincial "
        "level or above of %(province)s (articles 1 and 3)."),
    "place_conflict": N_(
        "The question places the body both in %(province)s and in %(place)s, which is not in %(province)s. "
        "What decides it: only a body of %(province)s can be a creation subject (articles 1 and 3)."),
    "level_conflict": N_(
        "The question gives the body two different levels. What decides it is the level on the zone's "
        "approval document: article 3 admits development zones at provincial level or above; below that level "
        "a zone is not a creation subject."),
    "hedged": N_(
        "The question is not sure what the body is. What decides it: article 3 admits counties, county-level "
        "cities, city districts and development zones approved at provincial level or above; check the level "
        "on the zone's approval document (or the 2018 national catalogue of development zones)."),
    "ambiguous_place": N_(
        "%(place)s is the name of places in more than one province. What decides it: only a body of "
        "%(province)s can be a creation subject (articles 1 and 3)."),
    "not_identified": N_(
        "The question does not say which county, county-level city, district or development zone of %(province)s "
        "the body is. What decides it: only a body of %(province)s of those kinds can be a creation subject "
        "(articles 1 and 3); name the body and its place."),
    "unplaced": N_(
        "The question names %(place)s but does not say that the body itself is in %(province)s. What decides "
        "it: only a county, county-level city, district or development zone of %(province)s can be a creation "
        "subject (articles 1 and 3)."),
}

SITUATION_PATHS = {
    "other_province_route": N_(
        "The guideline does not cover other provinces' programmes; for them, ask that province's "
        "department of industry and information technology."),
    "check_route": N_(
        "Once the level and place are known: a county, county-level city or district of %(province)s, or a "
        "development zone of %(province)s at provincial level or above, applies through its industry-and-IT "
        "authority to the municipal bureau (article 8)."),
}
