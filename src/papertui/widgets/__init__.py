"""The widgets of papertui: dumb renderers that post messages up (one per module)."""

from papertui.widgets.breadcrumb import Breadcrumb
from papertui.widgets.era_tree import EraTree
from papertui.widgets.key_bar import KeyBar
from papertui.widgets.paper_detail import PaperDetail
from papertui.widgets.result_list import ResultList
from papertui.widgets.search_bar import SearchBar
from papertui.widgets.status_line import StatusLine
from papertui.widgets.tag_facets import TagFacets
from papertui.widgets.text_rows import TextRows
from papertui.widgets.virtual_list import VirtualList

__all__ = [
    "Breadcrumb",
    "EraTree",
    "KeyBar",
    "PaperDetail",
    "ResultList",
    "SearchBar",
    "StatusLine",
    "TagFacets",
    "TextRows",
    "VirtualList",
]
