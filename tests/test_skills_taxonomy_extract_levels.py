"""Section headings and sentence cues decide required / preferred / mentioned."""

from __future__ import annotations

import pytest

from skills_taxonomy.levels import LevelRules


@pytest.fixture(scope="module")
def rules() -> LevelRules:
    return LevelRules()


def level_of(rules: LevelRules, text: str, word: str, nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return rules.analyse(text).level(start, start + len(word))


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("Required Qualifications:", "required"),
        ("MINIMUM QUALIFICATIONS", "required"),
        ("Basic Requirements", "required"),
        ("**Qualifications**", "required"),
        ("## What you'll bring", "required"),
        ("Preferred Qualifications:", "preferred"),
        ("DESIRED SKILLS", "preferred"),
        ("Nice to have", "preferred"),
        ("Bonus Points", "preferred"),
        ("Responsibilities", "required"),
        ("ESSENTIAL DUTIES AND RESPONSIBILITIES:", "required"),
        ("About Us", "mentioned"),
        ("Benefits", "mentioned"),
        ("What we offer", "mentioned"),
        ("Why choose Mercy Valley Health?", "mentioned"),
        ("Why work with us", "mentioned"),
        ("Why this role matters", "required"),
        ("Why Your Skills Matter", "required"),
        ("Why RHIT?", "required"),
    ],
)
def test_heading_sets_level_of_following_bullets(rules, heading, expected):
    text = f"Coder\n{heading}\n- Experience with WIDGET software\n- Another item\n"
    assert level_of(rules, text, "WIDGET") == expected


def test_section_changes_at_next_heading(rules):
    text = "Required:\n- AAA one\nPreferred:\n- BBB two\nBenefits\n- CCC three\n"
    assert [level_of(rules, text, w) for w in ("AAA", "BBB", "CCC")] == ["required", "preferred", "mentioned"]


def test_heading_glued_to_text_without_space(rules):
    text = "Job Title\nPreferred QualificationsExperience with WIDGET\n- ZZZ item\n"
    assert level_of(rules, text, "WIDGET") == "preferred"
    assert level_of(rules, text, "ZZZ") == "preferred"


def test_heading_glued_with_colon_applies_to_its_line(rules):
    text = "QUALIFICATIONS:WIDGET required.\nPreferred: GADGET.\n"
    assert level_of(rules, text, "WIDGET") == "required"
    assert level_of(rules, text, "GADGET") == "preferred"


def test_nearest_cue_wins_inside_one_clause(rules):
    text = "Qualifications\n- AAA required, BBB preferred\n- Must have CCC; DDD is a plus\n"
    got = [level_of(rules, text, w) for w in ("AAA", "BBB", "CCC", "DDD")]
    assert got == ["required", "preferred", "required", "preferred"]


def test_cue_overrides_section_default(rules):
    text = "Preferred Qualifications\n- AAA certification required\nRequirements\n- BBB preferred\n"
    assert level_of(rules, text, "AAA") == "required"
    assert level_of(rules, text, "BBB") == "preferred"


def test_not_required_and_will_train(rules):
    text = (
        "Requirements\n- AAA certification is not required.\n- BBB preferred but not required.\n"
        "- We will train you on CCC.\n"
    )
    assert level_of(rules, text, "AAA") == "mentioned"
    assert level_of(rules, text, "BBB") == "preferred"
    assert level_of(rules, text, "CCC") == "mentioned"


def test_duties_count_as_required_and_company_description_as_mentioned(rules):
    text = (
        "We are a 300-bed hospital that runs AAA.\nWhat you'll do\n- Code charts in BBB daily\n"
    )
    assert level_of(rules, text, "AAA") == "mentioned"
    assert level_of(rules, text, "BBB") == "required"


def test_lead_in_line_with_cue_governs_its_list(rules):
    text = "Qualifications\nThe following are preferred:\n- AAA experience\n- BBB knowledge\n"
    assert level_of(rules, text, "AAA") == "preferred"
    assert level_of(rules, text, "BBB") == "preferred"


def test_bullet_label_does_not_reset_section(rules):
    text = "Preferred Qualifications\n- Certification: AAA\n- BBB experience\n"
    assert level_of(rules, text, "AAA") == "preferred"
    assert level_of(rules, text, "BBB") == "preferred"


def test_sentence_glued_after_period_is_its_own_clause(rules):
    text = "Qualifications\nWorking knowledge of AAA.Experience with BBB desirable.\n"
    assert level_of(rules, text, "AAA") == "required"
    assert level_of(rules, text, "BBB") == "preferred"


def test_after_hire_within_months(rules):
    text = (
        "Requirements\n- Must obtain AAA within 12 months of hire.\n- BBB or BBB eligible\n"
        "- CCC required\n"
    )
    ctx = rules.analyse(text)
    a = text.index("AAA")
    assert ctx.after_hire(a, a + 3) == (True, 12)
    b = text.rindex("BBB")
    assert ctx.after_hire(b, b + 3)[0] is True
    c = text.index("CCC")
    assert ctx.after_hire(c, c + 3) == (False, None)


def test_after_hire_cue_of_another_item_does_not_leak(rules):
    text = "Qualifications\n- AAA required, BBB eligible\n"
    ctx = rules.analyse(text)
    a = text.index("AAA")
    b = text.index("BBB")
    assert ctx.after_hire(a, a + 3) == (False, None)
    assert ctx.after_hire(b, b + 3)[0] is True


def test_after_hire_within_one_year_is_twelve_months(rules):
    text = "RHIT-eligible; AAA credential required within one year of hire."
    ctx = rules.analyse(text)
    a = text.index("AAA")
    assert ctx.after_hire(a, a + 3) == (True, 12)


def test_cue_direction(rules):
    # "must"/"learn" govern what follows; "a plus" what precedes.
    text = "Duties\n- Scan into AAA, and learn BBB from our coders.\n- CCC a plus; must know DDD\n"
    got = [level_of(rules, text, w) for w in ("AAA", "BBB", "CCC", "DDD")]
    assert got == ["required", "mentioned", "preferred", "required"]


def test_you_will_train_others_is_not_we_will_train_you(rules):
    text = "Summary\nYou will train new staff on AAA.\nWe will train you on BBB.\n"
    assert level_of(rules, text, "AAA") == "required"
    assert level_of(rules, text, "BBB") == "mentioned"


def test_unknown_heading_over_a_list_ends_about_section(rules):
    text = "About the team\nWe run registries.\nWhat you'll own\n- QA of AAA abstracts\n"
    assert level_of(rules, text, "AAA") == "required"


# -- blind batch 2 (bench/devset/blind2_*.txt) fixes ------------------------------------
def test_known_heading_inside_benefits_is_not_an_unknown_heading(rules):
    # "Benefits" after "Pay Range" is a benefits heading, not an unknown one ending it.
    text = "Pay Range\n$26.50 - $39.75 per hour\nBenefits\nHIPAA training is provided to all staff.\n"
    assert level_of(rules, text, "HIPAA") == "mentioned"


def test_unbulleted_benefit_items_stay_in_benefits(rules):
    text = "Benefits:\n401(k)\nDental insurance\nHealth insurance\nPaid time off\nSchedule:\n"
    ctx = rules.analyse(text)
    assert ctx.section_at(text.index("Health insurance")) == "benefits"
    # ... while a real unknown heading followed by a sentence still ends "About us".
    text = "About us\nWe are a clinic.\nYour impact\nYou will code Epic charts.\n"
    assert level_of(rules, text, "Epic") == "required"


@pytest.mark.parametrize(
    "text, word",
    [
        ("This position is located in the HIM department and reports to the Director.", "HIM"),
        ("Sagebrush Health is growing its CDI program across four hospitals.", "CDI"),
        ("Fairhaven Health is a Magnet-designated, Joint Commission-accredited center.", "Joint"),
        ("We are proud to be an Epic and 3M shop.", "Epic"),
    ],
)
def test_employer_descriptions_are_mentioned(rules, text, word):
    assert level_of(rules, "Responsibilities\n" + text + "\n", word) == "mentioned"


def test_bonus_points_for_is_preferred(rules):
    text = "Requirements\n- Active CPC\n- Bonus points for a specialty credential such as CEMC\n"
    assert level_of(rules, text, "CPC") == "required"
    assert level_of(rules, text, "CEMC") == "preferred"
    text = "You have\n3+ years of CDI\nBonus points for\nCCDS or CDIP\n"
    assert level_of(rules, text, "CCDS") == "preferred"


def test_obtain_after_a_comma_is_the_same_item(rules):
    text = "Requirements:\n- CSTR preferred, or obtain within 2 years of hire\n"
    start = text.index("CSTR")
    assert rules.analyse(text).after_hire(start, start + 4) == (True, 24)
    text = "Requirements:\n- RHIT required, CCS eligible within 6 months\n"
    start = text.index("RHIT")
    assert rules.analyse(text).after_hire(start, start + 4) == (False, None)


def test_eeo_sentence_line_is_about_the_employer(rules):
    text = (
        "Requirements\n- CCS required\n"
        "Riverbend Health is an Equal Opportunity Employer. We protect patients' PHI.\n"
    )
    assert level_of(rules, text, "CCS") == "required"
    assert level_of(rules, text, "PHI") == "mentioned"


# -- employer benefits, negations and inline pay labels -----------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "We offer tuition assistance for certifications such as AAA.",
        "We support AAA exam fees for all coders.",
        "We pay for your AAA exam.",
        "Generous PTO and tuition assistance for AAA and other credentials.",
        "Full benefits, including reimbursement for AAA renewal.",
    ],
)
def test_benefit_sentences_name_credentials_without_requiring_them(rules, sentence):
    text = f"Coder\nRequirements\n- BBB required\n{sentence}\n"
    assert level_of(rules, text, "AAA") == "mentioned"
    assert level_of(rules, text, "BBB") == "required"


def test_benefit_cue_governs_only_what_follows_in_its_clause(rules):
    text = (
        "Coder\nRequirements:\n- AAA required (tuition reimbursement for BBB)\n"
        "- We pay for CCC. DDD required.\n"
    )
    assert [level_of(rules, text, w) for w in ("AAA", "BBB", "CCC", "DDD")] == [
        "required", "mentioned", "mentioned", "required",
    ]


def test_unheaded_employer_paragraph_is_about_us(rules):
    text = (
        "Inpatient Coder II\n\nMercy Valley Health is a 300-bed hospital. We offer tuition "
        "assistance for certifications such as AAA and BBB; our coders use CCC.\n\n"
        "Requirements:\n- BBB required.\n"
    )
    ctx = rules.analyse(text)
    assert ctx.section_at(text.index("We offer")) == "about"
    assert ctx.section_at(text.index("CCC")) == "about"
    assert [level_of(rules, text, w) for w in ("AAA", "BBB", "CCC")] == ["mentioned"] * 3
    assert level_of(rules, text, "BBB", nth=1) == "required"
    assert ctx.section_at(text.index("Inpatient")) == "start"


def test_employer_paragraph_ends_where_it_turns_to_the_job(rules):
    # ho02-style single-paragraph ad: the hiring sentence and what follows are the job.
    text = (
        "HIM Specialist\nSt. Brigid Medical Center is a 120-bed community hospital. We are "
        "seeking a specialist with AAA. The specialist performs BBB. We use CCC.\n"
    )
    ctx = rules.analyse(text)
    assert ctx.section_at(text.index("Medical Center")) == "about"
    assert ctx.section_at(text.index("We are seeking")) == "start"
    assert [level_of(rules, text, w) for w in ("AAA", "BBB", "CCC")] == ["required"] * 3
    # A sentence that is not about the employer ends it too.
    text = "Coder\nAcme Health is a 300-bed hospital. The coder codes AAA in BBB.\n"
    assert [level_of(rules, text, w) for w in ("AAA", "BBB")] == ["required"] * 2


def test_employer_paragraph_only_before_any_heading(rules):
    text = "Coder\nResponsibilities\nAcme Health is a 300-bed hospital. We code AAA daily.\n"
    assert rules.analyse(text).section_at(text.index("We code")) == "duties"
    assert level_of(rules, text, "AAA") == "required"


@pytest.mark.parametrize(
    "text",
    [
        "No AAA required.",
        "No AAA or BBB required; CCC required.",
        "You will not need an AAA.",
        "You don't need AAA to apply. CCC required.",
        "This role does not require AAA.",
        "AAA not required.",
        "AAA is not required.",
        "AAA will not be required.",
        "AAA: not required.",
    ],
)
def test_negations_are_not_requirements(rules, text):
    full = f"Coder\nRequirements:\n{text}\n"
    assert level_of(rules, full, "AAA") == "mentioned"
    if "CCC" in text:
        assert level_of(rules, full, "CCC") == "required"


def test_no_x_required_is_a_negation_around_the_mention(rules):
    # The extractor forgets cues inside mentions ("Epic Required Docs"); a negation that
    # encloses the mention ("No AAA required") is kept.
    text = "Coder\nRequirements:\n- No AAA required\n- BBB required\n"
    ctx = rules.analyse(text)
    a, b = text.index("AAA"), text.index("BBB")
    ctx.drop_cues_inside([(a, a + 3), (b, b + 3)])
    assert ctx.level(a, a + 3) == "mentioned"
    assert ctx.level(b, b + 3) == "required"
    # ... but a cue that starts inside a mention is still dropped.
    text = "Coder\nRequirements:\n- Registry Plus software\n"
    ctx = rules.analyse(text)
    s = text.index("Registry Plus")
    ctx.drop_cues_inside([(s, s + len("Registry Plus"))])
    assert ctx.level(s, s + len("Registry Plus")) == "required"


def test_inline_pay_label_covers_only_its_sentence(rules):
    text = "Coder\n\nSalary: $45K-$55K per year. Three years of AAA experience required. BBB required.\n"
    ctx = rules.analyse(text)
    assert ctx.section_at(text.index("$45K")) == "benefits"
    assert ctx.section_at(text.index("Three")) == "start"
    assert [level_of(rules, text, w) for w in ("AAA", "BBB")] == ["required"] * 2
    # On its own line the label still heads a section ...
    text = "Coder\nPay Range\n$26.50 - $39.75 per hour\nAAA training is provided.\n"
    assert rules.analyse(text).section_at(text.index("$26")) == "benefits"
    # ... and an inline label with no sentence end labels its whole line only.
    text = "Coder\nRequirements\nPay: $20/hr - $25/hr with AAA\n- BBB\n"
    ctx = rules.analyse(text)
    assert ctx.section_at(text.index("$20")) == "benefits"
    assert level_of(rules, text, "BBB") == "required"


def test_explicit_required_cue_wins_over_an_employer_section(rules):
    text = "Coder\nBenefits\n- AAA required for all coders\n- Tuition reimbursement for BBB\n- CCC training\n"
    assert [level_of(rules, text, w) for w in ("AAA", "BBB", "CCC")] == [
        "required", "mentioned", "mentioned",
    ]
    text = "Coder\nCompensation: $45K per year. AAA required. BBB preferred.\n"
    assert level_of(rules, text, "AAA") == "required"
    assert level_of(rules, text, "BBB") == "mentioned"
