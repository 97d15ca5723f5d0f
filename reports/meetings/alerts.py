"""E-mail alerts to the members who follow an authority's meetings."""


def announce_agenda(pack) -> None:
    """Queue an e-mail to each follower of the meeting's authority (to be built)."""


def announce_paper(version) -> None:
    """Queue an e-mail to each follower of the paper's authority (to be built)."""
