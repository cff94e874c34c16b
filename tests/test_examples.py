"""The bundled example observation files: real figures from the seed reports, read without error."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from helpers import make_set

import ntmcriteria as ntm
from ntmcriteria.criteria.model import Measure

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "observations"

# How each example measure reads (the province packs will define them the same way).
KINDS = {
    "income_per_capita": ("quantity", "triệu đồng/người/năm"),
    "multidimensional_poverty_rate": ("ratio", "%"),
    "health_insurance_rate": ("ratio", "%"),
    "households_septic_latrine_rate": ("ratio", "%"),
    "households_wastewater_treated_rate": ("ratio", "%"),
    "mobile_internet_subscribers_rate": ("ratio", "%"),
    "incoming_documents_online_rate": ("ratio", "%"),
    "outgoing_documents_signed_online_rate": ("ratio", "%"),
    "working_age_online_services_skill_rate": ("ratio", "%"),
    "working_age_e_payment_account_rate": ("ratio", "%"),
    "working_age_smartphone_rate": ("ratio", "%"),
    "working_age_digital_signature_rate": ("ratio", "%"),
    "working_age_smartphone_subscription_rate": ("ratio", "%"),
    "public_places_free_wifi_rate": ("ratio", "%"),
    "online_public_services_use_rate": ("ratio", "%"),
    "vegetable_area_growing_code_rate": ("ratio", "%"),
    "electronic_health_records": ("count", "người"),
    "agricultural_coops_effective_rate": ("ratio", "%"),
    "coop_digital_transformation_models": ("boolean", ""),
    "large_scale_rice_model": ("boolean", ""),
    "rice_area_growing_code_rate": ("ratio", "%"),
    "fruit_area_growing_code_rate": ("ratio", "%"),
    "crop_area_vietgap_rate": ("ratio", "%"),
    "crop_area_food_safety_rate": ("ratio", "%"),
    "traceability_facilities_rate": ("ratio", "%"),
    "traceability_technology_facilities": ("count", "cơ sở"),
}
BOOLEANS = [
    "security_cameras_working",
    "steering_team_smartphones",
    "smart_village_data_system",
    "district_portal_promotion_monthly",
    "community_connection_app",
    "online_monitoring_model",
    "digital_information_channel",
    "digital_traceability_product",
    "key_product_e_commerce",
    "key_product_growing_codes",
    "food_safety_traceability_facility",
    "online_satisfaction_survey",
    "ocop_four_star_product",
    "steering_team",
    "operating_rules",
    "development_roadmap",
]
KINDS.update(dict.fromkeys(BOOLEANS, ("boolean", "")))
KINDS.update(
    {
        "schools_digital_transformation_level": ("level", ""),
        "digital_award_procedure_level": ("level", ""),
        "schools_cashless_payment_rate": ("ratio", "%"),
        "police_dossiers_online_rate": ("ratio", "%"),
        "schools_stem_rate": ("ratio", "%"),
        "schools_smart_education_rate": ("ratio", "%"),
        "crop_data_digitised_rate": ("ratio", "%"),
        "electronic_health_record_rate": ("ratio", "%"),
    }
)

KINDS["businesses_accept_e_payment_rate"] = ("ratio", "%")
KINDS.update(
    dict.fromkeys(
        [
            "online_meeting_room",
            "digital_platform_direction",
            "it_radio_system",
            "security_cameras_to_villages",
            "fibre_mobile_internet_to_village",
            "village_officials_digital_platforms",
            "village_it_application_model",
            "village_security_cameras",
            "community_space_connected",
        ],
        ("boolean", ""),
    )
)


def units() -> list[ntm.Observations]:
    found = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        found += ntm.read_observations(path)
    return found


@pytest.mark.parametrize("unit", units(), ids=lambda u: u.unit.name)
def test_every_example_value_reads_as_its_measure(unit: ntm.Observations) -> None:
    for observations in (unit, *unit.villages):
        for key, reading in observations.values.items():
            kind, measure_unit = KINDS[key]
            seen = observations.observe(Measure(key, kind, measure_unit, key))
            assert seen is not None or reading.is_empty, key
            assert reading.source, f"{key} has no source"


def test_the_audit_finds_the_reports_own_inconsistencies() -> None:
    [doc_binh_kieu] = ntm.read_observations(EXAMPLES / "doc-binh-kieu-2024.yaml")
    vietgap = doc_binh_kieu.observe(Measure("crop_area_vietgap_rate", "ratio", "%", "VietGAP"))
    assert vietgap is not None and vietgap.stated_mismatch == ntm.Quantity(Fraction("0.46"), "%")
    assert vietgap.count_unit == "ha"
    # The report compares 83,5 % with "tiêu chí 80%" where criterion 5 asks ≥ 70 %.
    [tay_ho] = ntm.read_observations(EXAMPLES / "tay-ho-2024.yaml")
    skill = Measure("working_age_online_services_skill_rate", "ratio", "%", "Kỹ năng")
    criterion_5 = make_set(
        {skill.id: {"kind": "ratio", "unit": "%", "title": "Kỹ năng số"}},
        [{"id": "5", "title": "Tiêu chí 5", "measure": skill.id, "requirement": ">= 70 %"}],
    )
    result = ntm.evaluate(criterion_5, tay_ho)
    assert result.indicators["5"].status is ntm.Status.ACHIEVED
    [finding] = result.audit
    assert finding.kind == "threshold"
    assert "“≥ 80 %”" in finding.message.vi and "“≥ 70 %”" in finding.message.vi
