"""SQLAlchemy models of the procedure knowledge base (national catalogue + ward overrides)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Procedure(Base):
    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    name: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(255))
    group: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(255))
    agency: Mapped[str] = mapped_column(Text)
    #: ubnd_one_stop | commune_police | land_registration | other (see catalogue.schema)
    agency_kind: Mapped[str] = mapped_column(String(32), default="ubnd_one_stop")
    target_group: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    decision_number: Mapped[str] = mapped_column(String(255))
    source_url: Mapped[str] = mapped_column(String(500))
    online_url: Mapped[str | None] = mapped_column(String(500))
    results: Mapped[str] = mapped_column(Text)
    ward_note: Mapped[str | None] = mapped_column(Text)
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)

    channels: Mapped[list[SubmissionChannel]] = relationship(
        back_populates="procedure",
        order_by="SubmissionChannel.position",
        cascade="all, delete-orphan",
    )
    documents: Mapped[list[RequiredDocument]] = relationship(
        back_populates="procedure",
        order_by="RequiredDocument.position",
        cascade="all, delete-orphan",
    )
    steps: Mapped[list[ProcedureStep]] = relationship(
        back_populates="procedure",
        order_by="ProcedureStep.position",
        cascade="all, delete-orphan",
    )
    legal_bases: Mapped[list[LegalBasis]] = relationship(
        back_populates="procedure",
        order_by="LegalBasis.position",
        cascade="all, delete-orphan",
    )
    aliases: Mapped[list[ProcedureAlias]] = relationship(
        back_populates="procedure",
        order_by="ProcedureAlias.id",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"Procedure(code={self.code!r}, name={self.name!r})"


class SubmissionChannel(Base):
    __tablename__ = "submission_channel"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # in_person | online | post
    time_limit_value: Mapped[float | None] = mapped_column(Float)
    time_limit_unit: Mapped[str | None] = mapped_column(String(16))
    time_limit_text: Mapped[str | None] = mapped_column(String(255))
    #: table | derived_from_steps | None (given by the ward); the quoted steps sentence if derived
    time_limit_source: Mapped[str | None] = mapped_column(String(32))
    time_limit_quote: Mapped[str | None] = mapped_column(Text)
    #: free | amount | set_by_province | unknown
    fee_kind: Mapped[str] = mapped_column(String(32), default="unknown")
    fee_text: Mapped[str | None] = mapped_column(Text)
    fee_amount_vnd: Mapped[int | None] = mapped_column(Integer)
    fee_unit_text: Mapped[str | None] = mapped_column(String(255))
    fee_note: Mapped[str | None] = mapped_column(Text)
    fee_source_text: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    procedure: Mapped[Procedure] = relationship(back_populates="channels")


class RequiredDocument(Base):
    __tablename__ = "required_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    #: The case ("Trường hợp …") the paper belongs to; None: main papers, for everyone.
    case_group: Mapped[str | None] = mapped_column(Text)
    case_title: Mapped[str | None] = mapped_column(String(255))
    #: submit | show (xuất trình) | note
    role: Mapped[str] = mapped_column(String(16), default="submit")
    name: Mapped[str] = mapped_column(Text)
    form_name: Mapped[str | None] = mapped_column(Text)
    form_code: Mapped[str | None] = mapped_column(String(64))
    quantity_original: Mapped[int] = mapped_column(Integer, default=0)
    quantity_copy: Mapped[int] = mapped_column(Integer, default=0)
    is_note: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    procedure: Mapped[Procedure] = relationship(back_populates="documents")


class ProcedureStep(Base):
    __tablename__ = "procedure_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    procedure: Mapped[Procedure] = relationship(back_populates="steps")


class LegalBasis(Base):
    __tablename__ = "legal_basis"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    procedure: Mapped[Procedure] = relationship(back_populates="legal_bases")


class ProcedureAlias(Base):
    __tablename__ = "procedure_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(255))

    procedure: Mapped[Procedure] = relationship(back_populates="aliases")


class CatalogueBuild(Base):
    """One row, replaced by every build: a rebuilt catalogue has a new ``build_id``."""

    __tablename__ = "catalogue_build"

    id: Mapped[int] = mapped_column(primary_key=True)
    build_id: Mapped[str] = mapped_column(String(36))
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AgencyOfficeRow(Base):
    """One office of a ward by agency kind; only staff-confirmed values are stored (None: the
    citizen reads "chưa cập nhật"), ``unconfirmed`` lists the contact fields still missing."""

    __tablename__ = "agency_office"
    __table_args__ = (UniqueConstraint("ward_code", "kind", name="uq_agency_office_ward_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(64))
    opening_hours: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(255))
    #: Comma-separated contact fields not confirmed ("address,phone").
    unconfirmed: Mapped[str] = mapped_column(String(255), default="")


class WardOffice(Base):
    """The ward and its one-stop desk (legacy shape): unconfirmed contact fields are ""."""

    __tablename__ = "ward_office"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_code: Mapped[str] = mapped_column(String(16), unique=True)
    ward_name: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(Text)
    opening_hours: Mapped[str] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(255))
