"""Row builders of the venues' admin (venues, spaces, alliances, matters)."""

from tests.admin.rows.grids import grid_work_building
from tests.admin.site import upload
from tests.factories import (
    AllianceFactory,
    MerchantFactory,
    ProgrammeFactory,
    SpaceFactory,
    VenueFactory,
)
from venues.models import (
    Alliance,
    Exhibition,
    ExhibitionWork,
    Matter,
    Merchant,
    Nomination,
    Objection,
    Pledge,
    Programme,
    Selection,
    Space,
    SpaceBooking,
    SpacePhoto,
    Venue,
    Vote,
    Work,
    WorkPhoto,
)


def build_venues(n):
    venues = VenueFactory.create_batch(n, cover=upload())
    for venue in venues:
        SpaceFactory.create_batch(2, venue=venue)
    return venues


def build_spaces(n):
    spaces = SpaceFactory.create_batch(n, cover=upload())
    for space in spaces:
        SpacePhoto.objects.create(space=space, image=upload(), caption="展厅一角")
    return spaces


def build_space_photos(n):
    return [
        SpacePhoto.objects.create(space=SpaceFactory(), image=upload(), caption=f"{i}")
        for i in range(n)
    ]


def build_alliances(n):
    alliances = AllianceFactory.create_batch(n)
    for alliance in alliances:
        ProgrammeFactory(alliance=alliance)
        MerchantFactory(alliance=alliance)
    return alliances


def build_programmes(n):
    return ProgrammeFactory.create_batch(n)


def build_pledges(n):
    pledges = [
        Pledge.objects.create(name=f"承诺{Pledge.objects.count()}") for _ in range(n)
    ]
    for pledge in pledges:
        MerchantFactory().pledges.add(pledge)
    return pledges


def build_merchants(n):
    merchants = MerchantFactory.create_batch(n)
    pledges = [
        Pledge.objects.get_or_create(name=name)[0] for name in ("诚信经营", "文明餐桌")
    ]
    for merchant in merchants:
        merchant.pledges.add(*pledges)
    return merchants


def build_matters(n):
    from tests.venues.factories import MatterFactory

    building = grid_work_building()
    matters = MatterFactory.create_batch(n, building=building)
    for matter in matters:
        matter.photos.create(image=upload())
        matter.events.create(kind="raised", by_user=matter.author)
    return matters


def build_bookings(n):
    import datetime

    from django.utils import timezone

    from tests.factories import UserFactory
    from tests.venues.booking_helpers import bookable_space

    space = bookable_space(
        slug=f"admin-{SpaceBooking.objects.count()}-{n}", booking_capacity=n + 1
    )
    start = timezone.now() + datetime.timedelta(days=2)
    return [
        SpaceBooking.objects.create(
            space=space,
            user=UserFactory(),
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            exclusive=False,
        )
        for _ in range(n)
    ]


def build_works(n):
    from tests.factories import GridFactory, UserFactory

    grid = GridFactory(number=1)
    works = [
        Work.objects.create(
            title=f"作品{i}", kind=Work.Kind.PAINTING, author=UserFactory(), grid=grid
        )
        for i in range(n)
    ]
    for work in works:
        WorkPhoto.objects.create(work=work, image=upload())
    return works


def build_exhibitions(n):
    import datetime

    space = SpaceFactory()
    exhibitions = [
        Exhibition.objects.create(
            title=f"展览{i}",
            space=space,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 2, 1),
        )
        for i in range(n)
    ]
    work = build_works(1)[0]
    Work.objects.filter(pk=work.pk).update(status=Work.Status.APPROVED)
    for exhibition in exhibitions:
        ExhibitionWork.objects.create(exhibition=exhibition, work=work)
    return exhibitions


def build_selections(n):
    from tests.venues.selection_helpers import selection_in

    return [selection_in("voting") for _ in range(n)]


def build_nominations(n):
    from tests.venues.selection_helpers import candidate, selection_in

    selection = selection_in("voting")
    return [candidate(selection) for _ in range(n)]


def build_votes(n):
    from tests.venues.selection_helpers import bulk_votes

    nominees = build_nominations(1)
    bulk_votes(nominees[0].selection, nominees, total=n)
    return list(Vote.objects.filter(nomination=nominees[0]))


def build_objections(n):
    from tests.factories import UserFactory
    from tests.venues.selection_helpers import candidate, selection_in

    selection = selection_in("notice")
    nominee = candidate(selection)
    return [
        Objection.objects.create(
            selection=selection, nomination=nominee, author=UserFactory(), text="请核实"
        )
        for _ in range(n)
    ]


ROW_BUILDERS = {
    Work: build_works,
    Exhibition: build_exhibitions,
    Selection: build_selections,
    Nomination: build_nominations,
    Vote: build_votes,
    Objection: build_objections,
    SpaceBooking: build_bookings,
    Venue: build_venues,
    Space: build_spaces,
    SpacePhoto: build_space_photos,
    Alliance: build_alliances,
    Programme: build_programmes,
    Pledge: build_pledges,
    Merchant: build_merchants,
    Matter: build_matters,
}
