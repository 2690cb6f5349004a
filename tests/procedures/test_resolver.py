import pytest

from actions.procedures.repository import SearchEntry
from actions.procedures.resolver import Certainty, ProcedureResolver

# Real names from the national catalogue, with a few of the shipped aliases.
CATALOGUE = [
    ("1.001193", "Thủ tục đăng ký khai sinh", ("giấy khai sinh", "gks", "làm giấy khai sinh")),
    ("1.004884", "Thủ tục đăng ký lại khai sinh", ()),
    ("1.003583", "Thủ tục đăng ký khai sinh lưu động", ()),
    ("2.000635", "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh", ("trích lục",)),
    ("1.000656", "Thủ tục đăng ký khai tử", ("báo tử",)),
    ("1.000894", "Thủ tục đăng ký kết hôn", ("giấy đăng ký kết hôn",)),
    ("1.004746", "Thủ tục đăng ký lại kết hôn", ()),
    ("2.000806", "Thủ tục đăng ký kết hôn có yếu tố nước ngoài", ()),
    ("1.004194", "Đăng ký tạm trú", ("kt3",)),
    ("1.010028", "Xóa đăng ký tạm trú", ()),
    ("1.004222", "Đăng ký thường trú", ("nhập khẩu", "nhập hộ khẩu")),
    ("1.003197", "Xóa đăng ký thường trú", ("cắt khẩu",)),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
        "của Việt Nam cấp",
        ("chứng thực bản sao", "công chứng bản sao", "sao y"),
    ),
    (
        "1.013225",
        "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (Công trình không theo "
        "tuyến/Theo tuyến trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Theo "
        "giai đoạn cho công trình không theo tuyến/Theo giai đoạn cho công trình theo tuyến "
        "trong đô thị/Dự án) và nhà ở riêng lẻ",
        ("giấy phép xây dựng", "xin phép xây nhà"),
    ),
    (
        "1.013226",
        "Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
        ("điều chỉnh giấy phép xây dựng",),
    ),
]


@pytest.fixture(scope="module")
def resolver() -> ProcedureResolver:
    return ProcedureResolver(SearchEntry(c, n, "", "", a) for c, n, a in CATALOGUE)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("Làm giấy khai sinh cho con cần những giấy tờ gì?", "1.001193"),
        ("lam giay khai sinh cho con can gi", "1.001193"),
        ("đky khai sinh cho bé cần j ạ", "1.001193"),
        ("ĐĂNG KÝ KHAI SINH CẦN GÌ", "1.001193"),
        ("gks", "1.001193"),
        ("đăng ký tạm trú mất bao lâu", "1.004194"),
        ("dang ky tam tru", "1.004194"),
        ("chứng thực bản sao hết bao nhiêu tiền một trang", "2.000815"),
        ("cong chung ban sao o dau", "2.000815"),
        ("xin giấy phép xây dựng nộp ở đâu", "1.013225"),
        ("nhập khẩu cho con", "1.004222"),
        ("cắt khẩu", "1.003197"),
        ("dang ky ket hon", "1.000894"),
        ("khai tửu", "1.000656"),  # typo
        ("thủ tục 1.004746", "1.004746"),  # national code typed by staff
    ],
)
def test_resolves_the_procedure_meant(
    resolver: ProcedureResolver, question: str, code: str
) -> None:
    resolution = resolver.resolve(question)
    assert resolution.certainty is Certainty.UNIQUE, resolver.rank(question)
    assert resolution.best is not None and resolution.best.entry.code == code


@pytest.mark.parametrize(
    "question",
    ["còn lệ phí thì sao?", "mất bao lâu", "cần giấy tờ gì", "xin chào", "thời tiết hôm nay"],
)
def test_questions_naming_no_procedure(resolver: ProcedureResolver, question: str) -> None:
    assert resolver.resolve(question).certainty is Certainty.NONE


def test_several_fitting_names_are_offered(resolver: ProcedureResolver) -> None:
    resolution = resolver.resolve("đăng ký lại")
    assert resolution.certainty is Certainty.AMBIGUOUS
    codes = {m.entry.code for m in resolution.matches}
    assert {"1.004884", "1.004746"} <= codes


def test_rank_is_best_first_and_bounded(resolver: ProcedureResolver) -> None:
    ranked = resolver.rank("khai sinh", limit=3)
    assert len(ranked) == 3
    assert ranked[0].entry.code == "1.001193"
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


def test_empty_catalogue_resolves_nothing() -> None:
    assert ProcedureResolver([]).resolve("khai sinh").certainty is Certainty.NONE


# What a candidate explains of the QUESTION, not only how much of its own phrase the
# question covers (ProcedureResolver.contest).
EXPLAINING = [
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", ("giấy phép kinh doanh",)),
    ("elsewhere:transport", "giấy phép kinh doanh vận tải", ()),
    ("1.010038", "Tách hộ", ("vợ chồng tách hộ",)),
    ("1.000894", "Thủ tục đăng ký kết hôn", ("lấy vợ", "lấy chồng")),
]


@pytest.fixture(scope="module")
def explaining() -> ProcedureResolver:
    return ProcedureResolver(SearchEntry(c, n, "", "", a) for c, n, a in EXPLAINING)


def test_a_candidate_explaining_more_of_the_question_gains_its_words(
    explaining: ProcedureResolver,
) -> None:
    contest = explaining.contest(
        "xin giấy phép kinh doanh vận tải hàng hóa", "elsewhere:transport", "1.001612"
    )
    assert "van tai" in contest.gained_pairs
    assert contest.gained > 0
    # The household business explains nothing the transport licence does not.
    assert contest.lost == 0


def test_the_contest_is_what_each_alone_explains(explaining: ProcedureResolver) -> None:
    text = "em trai tôi lấy vợ rồi, giờ muốn tách hộ ra ở riêng"
    forth = explaining.contest(text, "1.010038", "1.000894")
    back = explaining.contest(text, "1.000894", "1.010038")
    assert forth.gained == back.lost and forth.lost == back.gained
    assert "tach ho" in forth.gained_pairs and "lay vo" in back.gained_pairs


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        # Follow-up words ("người", "con") say nothing about which procedure.
        ("tách hộ cho con người ta", {"con", "nguoi"}),
        # No word pair spans a comma: "chồng, tách" is not the alias's "chồng tách".
        ("lấy chồng, tách hộ", {"chong tach"}),
    ],
)
def test_small_words_and_pairs_across_clauses_explain_nothing(
    explaining: ProcedureResolver, question: str, absent: set[str]
) -> None:
    for code, _, _ in EXPLAINING:
        assert not absent & explaining.explained(question, code).keys()


# A one-word name ("kiện", a lawsuit) must not be read inside another word pair of the
# question ("điều kiện", conditions): that word is a syllable of the pair, not the name.
BOUND = [
    ("elsewhere:court", "khởi kiện ra tòa", ("kiện", "đi kiện")),
    ("1.012995", "Ghi nợ tiền sử dụng đất", ()),
    ("1.013274", "Cấp phép sử dụng tạm thời lòng đường, vỉa hè vào mục đích khác", ()),
    ("1.004222", "Đăng ký thường trú", ()),
    ("1.010040", "Khai báo cư trú đối với người chưa đủ điều kiện đăng ký thường trú", ()),
]


@pytest.fixture(scope="module")
def bound() -> ProcedureResolver:
    return ProcedureResolver(SearchEntry(c, n, "", "", a) for c, n, a in BOUND)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("được ghi nợ tiền sử dụng đất thì cần điều kiện gì", "1.012995"),
        ("điều kiện để cấp phép dùng tạm vỉa hè", "1.013274"),
        ("đăng ký thường trú cho mẹ thì điều kiện thế nào", "1.004222"),
    ],
)
def test_a_one_word_name_inside_another_word_pair_matches_nothing(
    bound: ProcedureResolver, question: str, code: str
) -> None:
    ranked = bound.rank(question)
    assert ranked[0].entry.code == code, ranked
    # Only the long phrases' scattered "kiện" is left: weak evidence, far below.
    court = next((m.score for m in ranked if m.entry.code == "elsewhere:court"), 0.0)
    assert court < bound.suggest_score, ranked


@pytest.mark.parametrize(
    "question", ["tôi muốn kiện ông ấy", "đi kiện thì nộp đơn ở đâu", "kiện ra tòa được không"]
)
def test_a_one_word_name_said_on_its_own_still_matches(
    bound: ProcedureResolver, question: str
) -> None:
    assert bound.rank(question)[0].entry.code == "elsewhere:court"


# One message is ranked several times per action call (the whole, its request, each
# step of ProcedureFinder): its features are read and its ranking computed once.
@pytest.mark.parametrize(
    "question",
    [
        "làm giấy khai sinh cho con cần những giấy tờ gì",
        "xin giấy phép xây dựng nhà 2 tầng nộp ở đâu",
        "cắt khẩu cho con đi lấy chồng thì làm sao",
    ],
)
def test_a_question_is_ranked_once(
    resolver: ProcedureResolver, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import actions.procedures.resolver as module

    calls: list[str] = []
    real = module._query_features

    def counted(text: str, correct: object) -> set[str]:
        calls.append(text)
        return real(text, correct)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "_query_features", counted)
    first = resolver.rank(question, limit=8)
    again = resolver.rank(question, limit=3)
    resolver.matched_words(question, first[0].entry.code)
    assert calls == [question]
    assert again == first[:3]


def test_a_ranking_given_out_is_the_callers_own(resolver: ProcedureResolver) -> None:
    question = "đăng ký tạm trú cho người thuê trọ"
    given = resolver.rank(question, limit=5)
    expected = list(given)
    given.append(given[0])
    given.clear()
    assert resolver.rank(question, limit=5) == expected


@pytest.mark.parametrize(
    "question",
    [
        "chứng thực bản sao giấy khai sinh hết bao nhiêu",
        "đăng ký kết hôn với người nước ngoài",
        "xóa đăng ký tạm trú khi chuyển trọ",
        "điều chỉnh giấy phép xây dựng",
        "dang ky lai khai sinh",
    ],
)
def test_ranking_scores_every_name_sharing_a_word(
    resolver: ProcedureResolver, question: str
) -> None:
    # Only the names sharing a feature with the question are scored: the same ranking as
    # scoring all of them, since a name sharing none covers nothing.
    fresh = ProcedureResolver(SearchEntry(c, n, "", "", a) for c, n, a in CATALOGUE)
    ranked = fresh.rank(question, limit=len(CATALOGUE))
    words = set(fresh.normalised(question))
    sharing = {c for c, n, a in CATALOGUE if words & set(fresh.normalised(" ".join((n, *a))))}
    assert {m.entry.code for m in ranked} <= sharing
    assert ranked == resolver.rank(question, limit=len(CATALOGUE))
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
