"""The widgets of papertui: dumb renderers that post messages up (one per module)."""

from papertui.tui.widgets.breadcrumb import Breadcrumb
from papertui.tui.widgets.era_tree import EraTree
from papertui.tui.widgets.key_bar import KeyBar
from papertui.tui.widgets.paper_detail import PaperDetail
from papertui.tui.widgets.personal_facets import PersonalFacets
from papertui.tui.widgets.result_list import ResultList
from papertui.tui.widgets.search_bar import SearchBar
from papertui.tui.widgets.status_line import StatusLine
from papertui.tui.widgets.tag_facets import TagFacets
from papertui.tui.widgets.text_rows import TextRows
from papertui.tui.widgets.virtual_list import VirtualList

__all__ = [
    "Breadcrumb",
    "EraTree",
    "KeyBar",
    "PaperDetail",
    "PersonalFacets",
    "ResultList",
    "SearchBar",
    "StatusLine",
    "TagFacets",
    "TextRows",
    "VirtualList",
]
