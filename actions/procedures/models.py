"""SQLAlchemy models of the procedure knowledge base (national catalogue + ward overrides)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text
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
    fee_text: Mapped[str | None] = mapped_column(Text)
    fee_amount_vnd: Mapped[int | None] = mapped_column(Integer)
    fee_note: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    procedure: Mapped[Procedure] = relationship(back_populates="channels")


class RequiredDocument(Base):
    __tablename__ = "required_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    case_group: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    form_name: Mapped[str | None] = mapped_column(Text)
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


class WardOffice(Base):
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
