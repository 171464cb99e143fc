"""Exchange formats over HTTP, under /api/v1: a source as TEI P5, the letters as CMIF 1.1."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from testimonia.archive import Archive
from testimonia.export.tei import TEI_MEDIA_TYPE, CmifOptions
from testimonia.web.deps import get_archive

router = APIRouter(prefix="/api/v1", tags=["exchange"])
ArchiveDep = Annotated[Archive, Depends(get_archive)]
SourceId = Annotated[str, Path(description="a source id (src_…)", max_length=100)]


@router.get("/sources/{source_id}/tei", summary="One source as a TEI P5 file",
            response_class=Response, responses={200: {"content": {TEI_MEDIA_TYPE: {}}}})
async def source_tei(source_id: SourceId, archive: ArchiveDep) -> Response:
    """The source's texts, notes and names as TEI P5; names point into the register of
    `testimonia export --format tei` (register.xml)."""
    data = archive.source_tei(source_id)
    return Response(data, media_type=TEI_MEDIA_TYPE,
                    headers={"Content-Disposition": f'inline; filename="{source_id}.xml"'})


@router.get("/cmif", summary="Every letter as CMIF 1.1 (for correspSearch)",
            response_class=Response, responses={200: {"content": {TEI_MEDIA_TYPE: {}}}})
async def cmif(request: Request, archive: ArchiveDep) -> Response:
    """Senders, addressees, dates, places and mentioned entities of all letters, with
    authority URIs where the register has them. The file names this address as its own."""
    import io

    out = io.BytesIO()
    archive.export_cmif(out, CmifOptions(url=str(request.url)))
    return Response(out.getvalue(), media_type=TEI_MEDIA_TYPE)
