"""Choose the election round a counting or results screen works on (the newest round first)."""

from sqlmodel import Session, select
from textual.widgets import Select

from congress.elections import service
from congress.models import CountSession

# A round being counted (it has a count session) is what the counting and results screens are most likely opened for.
PREFERENCE = {"counting": 0, "printed": 1, "closed": 2}


def round_options(session: Session) -> tuple[list[tuple[str, str]], str | None]:
    """(label, "CODE:number") for every round of every election, newest round of each first, and
    the value to show first: a round being counted, else one printed, else one closed."""
    counted = set(session.exec(select(CountSession.round_id)))
    options, ranked = [], []
    for election in service.list_elections(session):
        for rnd in reversed(service.rounds_of(session, election)):
            value = f"{election.code}:{rnd.number}"
            options.append((f"{election.code} — lần {rnd.number}: {election.title}", value))
            rank = PREFERENCE["counting"] if rnd.id in counted and rnd.status != "closed" else \
                PREFERENCE.get(rnd.status, 9)
            ranked.append((rank, len(ranked), value))
    return options, (min(ranked)[2] if ranked else None)


class RoundPicker(Select[str]):
    """A Select of rounds; `choice` is (election code, round number) or None."""

    def __init__(self, prompt: str, **kwargs: object) -> None:
        super().__init__([], prompt=prompt, **kwargs)  # type: ignore[arg-type]

    def load(self, session: Session, prefer: str | None = None) -> None:
        """Refill the options, keeping the current choice (or `prefer`, else the first round)."""
        options, default = round_options(session)
        keep = prefer or (None if self.value is Select.NULL else str(self.value)) or default
        values = [v for _, v in options]
        with self.prevent(Select.Changed):
            self.set_options(options)
            if keep in values:
                self.value = keep
            elif values:
                self.value = values[0]
        return None

    @property
    def choice(self) -> tuple[str, int] | None:
        if self.value is Select.NULL:
            return None
        code, _, number = str(self.value).rpartition(":")
        return code, int(number)
