"""meetings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 13:17:42.428293
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('street_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('outline', sa.Text(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('month')
    )
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('planned_at', sa.DateTime(), nullable=True),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('end_time', sa.String(length=5), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('host', sa.String(length=50), nullable=False),
    sa.Column('recorder', sa.String(length=50), nullable=False),
    sa.Column('lecturer', sa.String(length=50), nullable=False),
    sa.Column('topic', sa.String(length=500), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('vote_result', sa.Text(), nullable=False),
    sa.Column('observers', sa.Text(), nullable=False),
    sa.Column('guidance_staff', sa.Text(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=4), nullable=False),
    sa.Column('expected_count', sa.Integer(), nullable=False),
    sa.Column('present_count', sa.Integer(), nullable=False),
    sa.Column('leave_count', sa.Integer(), nullable=False),
    sa.Column('absent_count', sa.Integer(), nullable=False),
    sa.Column('voting_expected', sa.Integer(), nullable=False),
    sa.Column('voting_present', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['theme_id'], ['street_theme.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_date', ['held_on'], unique=False)
        batch_op.create_index('ix_meeting_org_date', ['org_id', 'held_on'], unique=False)

    op.create_table('branch_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['organization.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('branch_membership', schema=None) as batch_op:
        batch_op.create_index('ix_branch_membership_branch', ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_branch_membership_member_id'), ['member_id'], unique=False)

    op.create_table('committee_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('post', sa.String(length=20), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['organization.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_member_branch_id'), ['branch_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=4), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('voting', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('user', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_event_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('caption', sa.String(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_photo_meeting_id'), ['meeting_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('meeting_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_photo_meeting_id'))

    op.drop_table('meeting_photo')
    with op.batch_alter_table('meeting_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_event_meeting_id'))

    op.drop_table('meeting_event')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_meeting_id'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_member_branch_id'))

    op.drop_table('committee_member')
    with op.batch_alter_table('branch_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_branch_membership_member_id'))
        batch_op.drop_index('ix_branch_membership_branch')

    op.drop_table('branch_membership')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_org_date')
        batch_op.drop_index('ix_meeting_date')

    op.drop_table('meeting')
    op.drop_table('street_theme')
