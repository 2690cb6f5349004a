"""Dossier statuses: the national lifecycle (1–10) plus the variants provincial systems use.

Each status has a response ``utter_dossier_status_<value>`` in bot/domain/dossiers.yml that
says, in plain Vietnamese, what it means and what the citizen should do next.
"""

from __future__ import annotations

from enum import Enum

from actions.text import fold


class Status(str, Enum):
    NEW = "new"  # 1 Mới đăng ký
    RECEIVED = "received"  # 2 Được tiếp nhận
    NOT_ACCEPTED = "not_accepted"  # 3 Không được tiếp nhận
    PROCESSING = "processing"  # 4 Đang xử lý
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 5 Yêu cầu bổ sung giấy tờ
    FEE_REQUESTED = "fee_requested"  # 6 Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = "withdrawn"  # 7 Công dân yêu cầu rút hồ sơ
    SUSPENDED = "suspended"  # 8 Dừng xử lý
    PROCESSED = "processed"  # 9 Đã xử lý xong
    RETURNED = "returned"  # 10 Đã trả kết quả
    REFUSED = "refused"  # "Từ chối" (iGate): refused after examination, with a reason
    CANCELLED = "cancelled"  # "Đã hủy" (iGate): an unfinished online filing, or voided

    @property
    def national_code(self) -> int | None:
        """The value synced to the national portal; ``None`` for the provincial variants."""
        return NATIONAL_CODES.get(self)

    @property
    def response(self) -> str:
        return f"utter_dossier_status_{self.value}"

    @property
    def is_open(self) -> bool:
        """Still on its way to a result: the appointment date can still be missed."""
        return self in OPEN

    @property
    def is_closed_without_result(self) -> bool:
        return self in CLOSED_WITHOUT_RESULT


NATIONAL_CODES: dict[Status, int] = {
    Status.NEW: 1,
    Status.RECEIVED: 2,
    Status.NOT_ACCEPTED: 3,
    Status.PROCESSING: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.FEE_REQUESTED: 6,
    Status.WITHDRAWN: 7,
    Status.SUSPENDED: 8,
    Status.PROCESSED: 9,
    Status.RETURNED: 10,
}
BY_NATIONAL_CODE = {code: status for status, code in NATIONAL_CODES.items()}

OPEN = frozenset(
    {
        Status.NEW,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT_REQUESTED,
        Status.FEE_REQUESTED,
        Status.SUSPENDED,
    }
)
CLOSED_WITHOUT_RESULT = frozenset(
    {Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.REFUSED, Status.CANCELLED}
)

# Labels of VNPT-iGate-style provincial systems, folded to ASCII lower case.
PROVINCIAL_LABELS: dict[str, Status] = {
    "cho tiep nhan": Status.NEW,
    "moi dang ky": Status.NEW,
    "da tiep nhan": Status.RECEIVED,
    "duoc tiep nhan": Status.RECEIVED,
    "khong duoc tiep nhan": Status.NOT_ACCEPTED,
    "dang xu ly": Status.PROCESSING,
    "cho bo sung ho so": Status.SUPPLEMENT_REQUESTED,
    "yeu cau bo sung giay to": Status.SUPPLEMENT_REQUESTED,
    "yeu cau thuc hien nghia vu tai chinh": Status.FEE_REQUESTED,
    "cong dan yeu cau rut ho so": Status.WITHDRAWN,
    "dung xu ly": Status.SUSPENDED,
    "da xu ly xong": Status.PROCESSED,
    "da tra ket qua": Status.RETURNED,
    "tu choi": Status.REFUSED,
    "da huy": Status.CANCELLED,
}


def status_from_external(value: object) -> Status:
    """Our status from a provincial system's value: our key, a national number or a label."""
    if isinstance(value, int) and value in BY_NATIONAL_CODE:
        return BY_NATIONAL_CODE[value]
    text = str(value).strip()
    if text.isdigit() and int(text) in BY_NATIONAL_CODE:
        return BY_NATIONAL_CODE[int(text)]
    try:
        return Status(text)
    except ValueError:
        pass
    folded = " ".join(fold(text).split())
    if folded in PROVINCIAL_LABELS:
        return PROVINCIAL_LABELS[folded]
    raise ValueError(f"unknown dossier status {value!r}")
